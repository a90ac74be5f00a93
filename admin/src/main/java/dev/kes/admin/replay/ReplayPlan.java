package dev.kes.admin.replay;

import dev.kes.admin.kafka.ApplicationGroup;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * What a replay changes for one application (offsets sorted by topic and partition).
 *
 * @param committedBefore the group's committed offsets on the events topic before the replay (empty: none)
 * @param offsets         the offsets to commit, per partition of the events topic
 * @param internalTopics  the application's internal topics to delete (changelogs, repartition topics)
 * @param keptTopics      topics named like the application's but belonging to another application, kept
 */
public record ReplayPlan(
        String applicationId,
        Map<TopicPartition, Long> committedBefore,
        Map<TopicPartition, Long> offsets,
        List<String> internalTopics,
        List<String> keptTopics) {
    public ReplayPlan {
        committedBefore = sorted(committedBefore);
        offsets = sorted(offsets);
        internalTopics = List.copyOf(internalTopics);
        keptTopics = List.copyOf(keptTopics);
    }

    private static SortedMap<TopicPartition, Long> sorted(final Map<TopicPartition, Long> offsets) {
        final SortedMap<TopicPartition, Long> copy = new TreeMap<>(ApplicationGroup::byTopicAndPartition);
        copy.putAll(offsets);
        return Collections.unmodifiableSortedMap(copy);
    }
}
