package dev.kes.command;

import dev.kes.service.kafka.EventTopic;
import dev.kes.service.kafka.TopicSpec;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The topics the command service needs, with the policies of DESIGN.md "Topics". */
public final class CommandTopics {
    private CommandTopics() {
    }

    public static List<TopicSpec> specs(final CommandServiceConfig config) {
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
                new TopicSpec(config.topics().dlq(), partitions, rf, Map.of(
                        "cleanup.policy", "delete",
                        "retention.ms", String.valueOf(Duration.ofDays(30).toMillis())), Set.of("cleanup.policy")));
    }
}
