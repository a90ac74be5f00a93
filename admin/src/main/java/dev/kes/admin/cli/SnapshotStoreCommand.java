package dev.kes.admin.cli;

import picocli.CommandLine.Mixin;

/** A command on the command service's snapshot store: verify-snapshots and rebuild-snapshots. */
abstract class SnapshotStoreCommand extends KafkaCommand {
    @Mixin
    SnapshotStoreOptions target;
}
