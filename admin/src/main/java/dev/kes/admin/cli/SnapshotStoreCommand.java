package dev.kes.admin.cli;

import dev.kes.admin.snapshots.SnapshotChangelog;
import dev.kes.admin.snapshots.SnapshotCheck;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Mixin;

/** A command on the command service's snapshot store: verify-snapshots and rebuild-snapshots. */
abstract class SnapshotStoreCommand extends KafkaCommand {
    @Mixin
    SnapshotStoreOptions target;

    /** The events (and the archive, if given) folded and compared with the command service's snapshots. */
    SnapshotCheck check(final Map<String, Object> props, final Duration timeout) {
        return SnapshotCheck.run(
                props,
                timeout,
                target.eventsTopic(),
                SnapshotChangelog.topic(target.applicationId()),
                target.archive(kafka.codec()),
                kafka.codec());
    }
}
