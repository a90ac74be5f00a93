package dev.kes.admin.generations;

import dev.kes.admin.kafka.ApplicationGroup;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * How far one generation of a projection is, from its group's committed offsets: per partition of the events topic
 * the records between the committed offset (the log start when none) and the end, as {@code kes_projection_lag_records}
 * and {@code GET /projection/status} count them.
 *
 * @param committed per partition, the group's committed offset; absent where it has committed none
 * @param end       per partition, the end offset
 * @param lag       per partition, the records not yet committed
 */
public record GenerationProgress(
        String applicationId,
        ApplicationGroup.Status group,
        Map<TopicPartition, Long> committed,
        Map<TopicPartition, Long> end,
        Map<TopicPartition, Long> lag) {

    public long totalLag() {
        return lag.values().stream().mapToLong(Long::longValue).sum();
    }
}
