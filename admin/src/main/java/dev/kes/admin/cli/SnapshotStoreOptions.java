package dev.kes.admin.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which command service's snapshots and which event topic: the options verify- and rebuild-snapshots share. */
public final class SnapshotStoreOptions {
    @Option(names = "--application-id", paramLabel = "ID", defaultValue = ApplicationIds.COMMAND_SERVICE,
            description = "the command service's application.id (default: ${DEFAULT-VALUE})")
    private String applicationId;

    @Mixin
    private EventsTopicOption events;

    String applicationId() {
        return applicationId;
    }

    String eventsTopic() {
        return events.topic();
    }
}
