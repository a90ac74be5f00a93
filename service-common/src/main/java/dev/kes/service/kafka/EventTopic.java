package dev.kes.service.kafka;

import java.util.Map;
import java.util.Set;

/**
 * The source of truth, {@code account-events}: kept forever. Both services ensure it, so whichever starts first
 * creates it and the other verifies it.
 */
public final class EventTopic {
    private EventTopic() {}

    public static TopicSpec spec(final String name, final int partitions, final short replicationFactor) {
        return new TopicSpec(
                name,
                partitions,
                replicationFactor,
                Map.of(
                        "cleanup.policy", "delete",
                        "retention.ms", "-1",
                        "retention.bytes", "-1"),
                Set.of("cleanup.policy", "retention.ms", "retention.bytes"));
    }
}
