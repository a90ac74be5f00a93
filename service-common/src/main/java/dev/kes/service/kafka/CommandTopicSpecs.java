package dev.kes.service.kafka;

import java.time.Duration;
import java.util.List;

/**
 * The policies of DESIGN.md "Topics" for the topics the command service and the transfer process manager share
 * (commands, events, results) and for a dead-letter topic: whichever service starts first creates them, the other
 * verifies them, so both must ask for the same.
 */
public final class CommandTopicSpecs {
    /**
     * The results topic's default {@code retention.ms}: the transfer process manager learns of refused credits
     * there, so it bounds how long the manager may be down (docs/adr/0010).
     */
    public static final Duration DEFAULT_RESULTS_RETENTION = Duration.ofDays(7);

    private static final Duration COMMANDS_RETENTION = Duration.ofDays(7);
    private static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(30);

    private CommandTopicSpecs() {}

    /** Commands, events and results. */
    public static List<TopicSpec> shared(
            final TopicNames topics,
            final int partitions,
            final short replicationFactor,
            final Duration resultsRetention) {
        return List.of(
                TopicSpec.deleted(topics.commands(), partitions, replicationFactor, COMMANDS_RETENTION),
                EventTopic.spec(topics.events(), partitions, replicationFactor),
                TopicSpec.deleted(topics.results(), partitions, replicationFactor, resultsRetention));
    }

    public static TopicSpec deadLetters(final String name, final int partitions, final short replicationFactor) {
        return TopicSpec.deleted(name, partitions, replicationFactor, DEAD_LETTER_RETENTION);
    }
}
