package dev.kes.transfer;

import dev.kes.service.kafka.EventTopic;
import dev.kes.service.kafka.TopicSpec;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The topics the process manager needs, with the policies of DESIGN.md "Topics": the three it shares with the
 * command service (created by whichever starts first, verified by the other, as the command service specifies them)
 * and its own DLQ. Kafka Streams cannot run on a missing source topic: ensuring them here frees the manager from
 * having to start after the command service.
 */
public final class TransferTopics {
    private TransferTopics() {
    }

    public static List<TopicSpec> specs(final TransferManagerConfig config) {
        final int partitions = config.partitions();
        final short rf = config.replicationFactor();
        return List.of(
                new TopicSpec(config.topics().commands(), partitions, rf, Map.of(
                        "cleanup.policy", "delete",
                        "retention.ms", String.valueOf(Duration.ofDays(7).toMillis())), Set.of("cleanup.policy")),
                EventTopic.spec(config.topics().events(), partitions, rf),
                new TopicSpec(config.topics().results(), partitions, rf, Map.of(
                        "cleanup.policy", "delete",
                        "retention.ms", String.valueOf(Duration.ofHours(1).toMillis())), Set.of("cleanup.policy")),
                new TopicSpec(config.dlqTopic(), partitions, rf, Map.of(
                        "cleanup.policy", "delete",
                        "retention.ms", String.valueOf(Duration.ofDays(30).toMillis())), Set.of("cleanup.policy")));
    }
}
