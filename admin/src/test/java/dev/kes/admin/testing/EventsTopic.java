package dev.kes.admin.testing;

import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.service.kafka.TopicNames;
import java.util.Map;

/** The events topic of a test, made as the services expect it before they start. */
public final class EventsTopic {
    private EventsTopic() {}

    /**
     * {@code topics.events()} with 3 partitions, kept forever as the real one is: the broker's default retention would
     * delete the backdated events the tests import.
     */
    public static void create(final KafkaTestCluster kafka, final TopicNames topics) {
        kafka.createTopic(topics.events(), 3, Map.of("retention.ms", "-1", "retention.bytes", "-1"));
    }
}
