package dev.kes.service.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A topic a service needs: created with {@code configs} when missing; when it exists, the keys in
 * {@code enforced} must already have the wanted values (a compacted topic that is not compacted loses
 * snapshots, an event topic with a retention limit loses history).
 */
public record TopicSpec(
        String name, int partitions, short replicationFactor, Map<String, String> configs, Set<String> enforced) {
    private static final String CLEANUP_POLICY = "cleanup.policy";

    public TopicSpec {
        configs = Map.copyOf(configs);
        enforced = Set.copyOf(enforced);
        if (!configs.keySet().containsAll(enforced)) {
            throw new IllegalArgumentException("enforced configs of " + name + " need a value: " + enforced);
        }
    }

    /** A topic whose records are deleted after {@code retention}; its cleanup policy is enforced. */
    public static TopicSpec deleted(
            final String name, final int partitions, final short replicationFactor, final Duration retention) {
        final Map<String, String> configs = Map.of("retention.ms", String.valueOf(retention.toMillis()));
        return withPolicy(name, partitions, replicationFactor, "delete", configs);
    }

    /** A compacted topic with {@code configs} besides; its cleanup policy is enforced. */
    public static TopicSpec compacted(
            final String name, final int partitions, final short replicationFactor, final Map<String, String> configs) {
        return withPolicy(name, partitions, replicationFactor, "compact", configs);
    }

    private static TopicSpec withPolicy(
            final String name,
            final int partitions,
            final short replicationFactor,
            final String policy,
            final Map<String, String> configs) {
        final Map<String, String> all = new HashMap<>(configs);
        all.put(CLEANUP_POLICY, policy);
        return new TopicSpec(name, partitions, replicationFactor, all, Set.of(CLEANUP_POLICY));
    }
}
