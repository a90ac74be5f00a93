package dev.kes.transfer;

import dev.kes.service.kafka.CommandTopicSpecs;
import dev.kes.service.kafka.TopicSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The topics the process manager needs, with the policies of DESIGN.md "Topics": the three it shares with the
 * command service (created by whichever starts first, verified by the other, as the command service specifies them)
 * and its own DLQ. Kafka Streams cannot run on a missing source topic: ensuring them here frees the manager from
 * having to start after the command service.
 */
public final class TransferTopics {
    private TransferTopics() {}

    public static List<TopicSpec> specs(final TransferManagerConfig config) {
        final List<TopicSpec> specs = new ArrayList<>(CommandTopicSpecs.shared(
                config.topics(),
                config.partitions(),
                config.replicationFactor(),
                CommandTopicSpecs.DEFAULT_RESULTS_RETENTION));
        specs.add(CommandTopicSpecs.deadLetters(config.dlqTopic(), config.partitions(), config.replicationFactor()));
        return List.copyOf(specs);
    }
}
