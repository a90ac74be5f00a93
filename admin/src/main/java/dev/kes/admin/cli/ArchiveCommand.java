package dev.kes.admin.cli;

import dev.kes.admin.ExitCodes;
import dev.kes.admin.archive.ArchiveManifest;
import dev.kes.admin.archive.ArchiveResult;
import dev.kes.admin.archive.EventArchiver;
import dev.kes.admin.archive.FileSystemArchiveStorage;
import dev.kes.admin.kafka.Clients;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** es-admin archive: move the old prefix of account-events to compressed Avro files, then truncate the topic. */
@Command(
        name = "archive",
        sortOptions = false,
        description = {
            "Copy the events appended before a cutoff to Avro files (zstandard) under --archive, write a "
                    + "manifest of the run (partitions, offsets, accounts, versions, times), then delete those records "
                    + "from the topic (deleteRecords).",
            "Per partition, the archived prefix ends at the first committed event whose timestamp (occurredAt) "
                    + "is at or after the cutoff. Runs chain: each starts where the archive ends."
        })
public final class ArchiveCommand extends EventsTopicCommand {
    @Option(
            names = "--before",
            paramLabel = "INSTANT",
            required = true,
            converter = InstantConverter.class,
            description = "the cutoff: archive, per partition, everything appended before the first event at or "
                    + "after this instant")
    private Instant before;

    @Option(
            names = "--archive",
            paramLabel = "DIR",
            required = true,
            description = "the archive's root directory (created if missing)")
    private Path archive;

    @Option(
            names = "--dry-run",
            description = "read and report what would be archived and truncated; write and " + "delete nothing")
    private boolean dryRun;

    @Option(names = "--no-truncate", description = "archive, but leave the records on the topic")
    private boolean noTruncate;

    @Option(
            names = "--force",
            description = "archive even when the cutoff is in the future or after the last event, "
                    + "which archives every event on the topic (refused otherwise)")
    private boolean force;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final Duration timeout = kafka.timeout();
        final FileSystemArchiveStorage storage =
                new FileSystemArchiveStorage(ArchiveDirectory.writable(spec.commandLine(), archive));
        final ArchiveResult result;
        try (Admin admin = Clients.admin(kafka.clientProperties(), timeout)) {
            result = new EventArchiver(kafka.clientProperties(), admin, storage, timeout, kafka.codec())
                    .archive(events.topic(), before, dryRun, !noTruncate, force);
        }
        result.warnings().forEach(warning -> spec.commandLine().getErr().println("warning: " + warning));
        out.println("archive " + events.topic() + " before " + before + " to " + storage.describe()
                + (dryRun ? " (dry run)" : ""));
        final ArchiveManifest manifest = result.manifest();
        if (manifest == null) {
            out.println("  nothing new to archive: every partition's archived prefix ends at or before what the "
                    + "archive already holds");
        } else {
            out.println("  " + (dryRun ? "would write " : "run ") + manifest.runDirectory());
            for (final ArchiveManifest.PartitionRange range : manifest.partitions()) {
                out.printf(
                        "    partition %d  offsets %d..%d  %d record(s)%s%n",
                        range.partition(),
                        range.fromOffset(),
                        range.toOffset(),
                        range.records(),
                        range.records() == 0 ? "" : "  " + range.minTimestamp() + " .. " + range.maxTimestamp());
            }
            out.printf(
                    "  %d account(s)%s%n",
                    manifest.accounts().size(),
                    manifest.undecodable() == 0
                            ? ""
                            : "; " + manifest.undecodable()
                                    + " record(s) of an unknown type or unreadable (archived as they are)");
        }
        if (noTruncate) {
            out.println("  topic not truncated (--no-truncate)");
        } else if (result.truncatedTo().isEmpty()) {
            out.println("  nothing to truncate");
        } else {
            out.println("  " + (dryRun ? "would truncate" : "truncated") + " " + events.topic() + ":");
            result.truncatedTo()
                    .forEach((partition, offset) -> out.printf(
                            "    %s-%d  log start %d -> %d%n",
                            events.topic(), partition, result.logStartBefore().get(partition), offset));
        }
        out.println(dryRun ? "Dry run: nothing changed." : "Done.");
        out.flush();
        return ExitCodes.OK;
    }
}
