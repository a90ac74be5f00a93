package dev.kes.admin.cli;

import dev.kes.service.kafka.TopicNames;
import picocli.CommandLine.Option;

/** {@code --events-topic}, the event store topic, for every command that reads it. */
final class EventsTopicOption {
    @Option(
            names = "--events-topic",
            paramLabel = "TOPIC",
            defaultValue = TopicNames.EVENTS,
            description = "the event store topic (default: ${DEFAULT-VALUE})")
    private String topic;

    String topic() {
        return topic;
    }
}
