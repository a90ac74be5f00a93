package dev.kes.service.personal;

import dev.kes.service.kafka.TopicSpec;
import java.time.Duration;
import java.util.Map;

/**
 * The keys topic's policy. Compacted, so an erased key's tombstone removes its wrapped value; one partition, so the
 * writer's periodic check record rolls the segment that holds a tombstone (Kafka rolls only on append) and the
 * cleaner must compact it within {@code max.compaction.lag.ms}. README "Personal data" states the resulting bound.
 */
public final class PersonalKeysTopic {
    public static final Duration SEGMENT = Duration.ofHours(1);
    public static final Duration MAX_COMPACTION_LAG = Duration.ofHours(1);
    /** How long a tombstone (account and key id, no key material) stays for readers that were away. */
    public static final Duration DELETE_RETENTION = Duration.ofDays(1);

    private PersonalKeysTopic() {}

    public static TopicSpec spec(final String name, final short replicationFactor) {
        return spec(name, replicationFactor, SEGMENT, MAX_COMPACTION_LAG);
    }

    /** With other roll and lag bounds: tests make compaction happen in seconds. */
    public static TopicSpec spec(
            final String name, final short replicationFactor, final Duration segment, final Duration maxCompactionLag) {
        return TopicSpec.compacted(
                name,
                1,
                replicationFactor,
                Map.of(
                        "segment.ms",
                        String.valueOf(segment.toMillis()),
                        "max.compaction.lag.ms",
                        String.valueOf(maxCompactionLag.toMillis()),
                        "min.cleanable.dirty.ratio",
                        "0.01",
                        "delete.retention.ms",
                        String.valueOf(DELETE_RETENTION.toMillis()),
                        "compression.type",
                        "uncompressed"));
    }
}
