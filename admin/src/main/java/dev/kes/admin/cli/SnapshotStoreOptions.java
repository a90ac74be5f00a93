package dev.kes.admin.cli;

import dev.kes.admin.archive.ArchiveReader;
import dev.kes.admin.archive.FileSystemArchiveStorage;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.kafka.TopicNames;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which command service's snapshots, which event topic and its archive: the options verify- and rebuild-snapshots
 * share.
 */
public final class SnapshotStoreOptions {
    @Option(
            names = "--application-id",
            paramLabel = "ID",
            defaultValue = ApplicationIds.COMMAND_SERVICE,
            description = "the command service's application.id (default: ${DEFAULT-VALUE})")
    private String applicationId;

    @Mixin
    private EventsTopicOption events;

    @Option(
            names = "--archive",
            paramLabel = "DIR",
            description = "the archive under DIR (written by es-admin archive): its events are folded first, then the "
                    + "topic's from where the archive ends. Required once the topic was archived (its log start "
                    + "offset is above 0): without it the command refuses")
    private Path archive;

    String applicationId() {
        return applicationId;
    }

    String eventsTopic() {
        return events.topic();
    }

    /** The archive of the events topic, or null without --archive. */
    ArchiveReader archive(final AvroCodec codec) {
        return archive == null
                ? null
                : ArchiveReader.open(new FileSystemArchiveStorage(archive), events.topic(), codec);
    }

    /** The options to repeat in a command the output suggests. */
    String repeat() {
        return " --application-id " + applicationId
                + (events.topic().equals(TopicNames.EVENTS) ? "" : " --events-topic " + events.topic())
                + (archive == null ? "" : " --archive " + archive);
    }
}
