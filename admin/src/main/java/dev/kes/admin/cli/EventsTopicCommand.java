package dev.kes.admin.cli;

import picocli.CommandLine.Mixin;

/** A command that reads the event store topic named by {@code --events-topic}. */
abstract class EventsTopicCommand extends KafkaCommand {
    @Mixin
    EventsTopicOption events;
}
