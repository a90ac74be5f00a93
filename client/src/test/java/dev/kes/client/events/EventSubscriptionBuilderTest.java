package dev.kes.client.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What build() refuses, and the consumer settings the subscription's promises rest on. */
class EventSubscriptionBuilderTest {
    private static final Map<String, Object> KAFKA = Map.of("bootstrap.servers", "localhost:1");

    @Test
    void exactlyOneHandlerIsRequired() {
        assertThatThrownBy(() -> EventSubscription.builder().kafka(KAFKA).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "an EventSubscription needs exactly one of handler(...) and batchHandler(...), got neither");
        assertThatThrownBy(() -> EventSubscription.builder()
                        .kafka(KAFKA)
                        .handler(e -> {})
                        .batchHandler(b -> {})
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith("got both");
    }

    @Test
    void kafkaPropertiesWithBootstrapServersAreRequired() {
        assertThatThrownBy(() -> EventSubscription.builder().handler(e -> {}).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bootstrap.servers");
        assertThatThrownBy(() -> EventSubscription.builder()
                        .kafka(Map.of("client.id", "x"))
                        .handler(e -> {})
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bootstrap.servers");
    }

    @Test
    void theConsumerReadsCommittedRecordsAndCommitsOnlyWhatWasHandled() {
        final Map<String, Object> props = EventSubscription.consumerProperties(
                Map.of(
                        "bootstrap.servers",
                        "b:9092",
                        "isolation.level",
                        "read_uncommitted",
                        "enable.auto.commit",
                        true,
                        "group.id",
                        "theirs"),
                "ours");

        assertThat(props)
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", false)
                .containsEntry("group.id", "ours");
        assertThat(EventSubscription.consumerProperties(Map.of("bootstrap.servers", "b:9092"), null))
                .doesNotContainKey("group.id");
    }
}
