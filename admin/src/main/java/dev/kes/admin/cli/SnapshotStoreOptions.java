package dev.kes.admin.cli;

import dev.kes.service.kafka.TopicNames;
import picocli.CommandLine.Option;

/** Which command service's snapshots and which event topic: the options verify- and rebuild-snapshots share. */
public final class SnapshotStoreOptions {
    @Option(names = "--application-id", paramLabel = "ID", defaultValue = ApplicationIds.COMMAND_SERVICE,
            description = "the command service's application.id (default: ${DEFAULT-VALUE})")
    private String applicationId;

    @Option(names = "--events-topic", paramLabel = "TOPIC", defaultValue = TopicNames.EVENTS,
            description = "the event store topic (default: ${DEFAULT-VALUE})")
    private String eventsTopic;

    String applicationId() {
        return applicationId;
    }

    String eventsTopic() {
        return eventsTopic;
    }
}
