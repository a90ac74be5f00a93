package dev.kes.admin.kafka;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kes.admin.AdminException;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/** The tool's side of waiting for a topic to be served (the waiting itself: service-common's ServedTopicsTest). */
@WithKafka
class TopicsTest {
    @Test
    void aTopicThatIsNeverServedIsReportedByNameOnceTheTimeoutHasPassed(final KafkaTestCluster kafka) {
        final String topic = TestNames.unique("never-served");
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            final Topics topics = new Topics(admin, Duration.ofSeconds(2));

            assertThatThrownBy(() -> topics.awaitServed(topic))
                    .isInstanceOf(AdminException.class)
                    .hasMessageStartingWith("topic " + topic + " is not served: UnknownTopicOrPartitionException");
        }
    }
}
