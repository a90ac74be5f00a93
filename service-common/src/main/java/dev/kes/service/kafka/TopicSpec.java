package dev.kes.service.kafka;

import java.util.Map;
import java.util.Set;

/**
 * A topic a service needs: created with {@code configs} when missing; when it exists, the keys in
 * {@code enforced} must already have the wanted values (a compacted topic that is not compacted loses
 * snapshots, an event topic with a retention limit loses history).
 */
public record TopicSpec(
        String name, int partitions, short replicationFactor, Map<String, String> configs, Set<String> enforced) {

    public TopicSpec {
        configs = Map.copyOf(configs);
        enforced = Set.copyOf(enforced);
        if (!configs.keySet().containsAll(enforced)) {
            throw new IllegalArgumentException("enforced configs of " + name + " need a value: " + enforced);
        }
    }
}
