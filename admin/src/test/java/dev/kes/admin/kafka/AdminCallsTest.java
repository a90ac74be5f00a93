package dev.kes.admin.kafka;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kes.admin.AdminException;
import java.time.Duration;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.Test;

class AdminCallsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void theClientsOwnTimeoutReadsAsATimeout() {
        final KafkaFuture<Void> future = failed(new TimeoutException("Timed out waiting for a node assignment."));

        assertThatThrownBy(() -> AdminCalls.await(future, TIMEOUT, "listing topics"))
                .isInstanceOf(AdminException.class)
                .hasMessage("listing topics timed out after 2 s (TimeoutException: Timed out waiting for a node "
                        + "assignment.)");
    }

    @Test
    void ourDeadlineReadsTheSame() {
        assertThatThrownBy(() -> AdminCalls.await(new KafkaFutureImpl<Void>(), Duration.ofMillis(50), "listing topics"))
                .isInstanceOf(AdminException.class)
                .hasMessage("listing topics timed out after 50 ms");
    }

    @Test
    void otherFailuresNameTheirCause() {
        final KafkaFuture<Void> future = failed(new TopicAuthorizationException("not allowed"));

        assertThatThrownBy(() -> AdminCalls.await(future, TIMEOUT, "listing topics"))
                .hasMessage("listing topics failed: TopicAuthorizationException: not allowed");
    }

    private static KafkaFuture<Void> failed(final Throwable cause) {
        final KafkaFutureImpl<Void> future = new KafkaFutureImpl<>();
        future.completeExceptionally(cause);
        return future;
    }
}
