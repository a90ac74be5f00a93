package dev.kes.admin.cli;

import dev.kes.admin.AdminException;
import dev.kes.admin.ExitCodes;
import dev.kes.admin.RefusedException;
import dev.kes.admin.kafka.ApplicationGroup;
import dev.kes.admin.kafka.Clients;
import dev.kes.admin.kafka.StateDirectory;
import dev.kes.admin.snapshots.SnapshotCheck;
import dev.kes.admin.snapshots.SnapshotRebuild;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** es-admin rebuild-snapshots: rewrites the command service's snapshot store from the events. */
@Command(
        name = "rebuild-snapshots",
        sortOptions = false,
        description = {
            "Rebuild the command service's snapshots from account-events, for when the aggregate's state "
                    + "or its evolve logic changed, or verify-snapshots found mismatches.",
            "Appends the folded snapshot of every account to <application-id>-account-state-changelog and a "
                    + "tombstone for every snapshot of an account without events, in the archive or on the topic. "
                    + "Refuses while any instance of the command service runs, and without --archive once the "
                    + "topic was archived."
        })
public final class RebuildSnapshotsCommand extends SnapshotStoreCommand {
    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description = "also delete this host's local state of the service, DIR/<application-id> (DIR is the "
                    + "service's state.dir), so that it restores everything from the changelog")
    private Path stateDir;

    @Option(
            names = "--changed-only",
            description = "write only the snapshots that differ from the events (a repair) instead of every one")
    private boolean changedOnly;

    @Override
    public Integer call() {
        final String applicationId = target.applicationId();
        final String eventsTopic = target.eventsTopic();
        final PrintWriter out = spec.commandLine().getOut();
        final Map<String, Object> props = kafka.clientProperties();
        final Duration timeout = kafka.timeout();
        try (Admin admin = Clients.admin(props, timeout)) {
            final ApplicationGroup group = new ApplicationGroup(admin, applicationId, timeout);
            group.requireStopped("rebuild the snapshots of");

            final SnapshotCheck check = check(props, timeout);
            out.println("rebuild-snapshots " + applicationId);
            SnapshotReport.summary(out, check, eventsTopic);
            if (check.history().skipped() > 0) {
                throw new RefusedException(
                        "refusing to rebuild: " + check.history().skipped() + " event(s) could not "
                                + "be read, and snapshots folded without them would be wrong. Use an es-admin of the command "
                                + "service's version.");
            }
            check.anomalies().forEach(anomaly -> out.println("  warning: " + anomaly));

            final SnapshotRebuild.Outcome outcome =
                    SnapshotRebuild.write(props, timeout, check.changelog(), check.history(), changedOnly);
            // a service started meanwhile may have restored a mix of old and new snapshots
            if (group.status().isRunning()) {
                throw new AdminException(applicationId + " was started while its snapshots were being rewritten; "
                        + "its instances may hold a mix of old and rebuilt snapshots. Stop it, run rebuild-snapshots "
                        + "again, then start it.");
            }
            out.printf(
                    "  written    %d snapshot(s), %d tombstone(s) for snapshots without events%s%n",
                    outcome.written(),
                    outcome.deleted(),
                    changedOnly ? ", " + outcome.unchanged() + " unchanged left as they were" : "");
            if (outcome.unopened() > 0) {
                out.printf(
                        "  kept       %d snapshot(s) of accounts whose events do not open them (see the warnings)%n",
                        outcome.unopened());
            }
            localState(out);
        }
        out.println("Done: start the command service; it restores the rebuilt snapshots from the changelog.");
        out.flush();
        return ExitCodes.OK;
    }

    private void localState(final PrintWriter out) {
        final String applicationId = target.applicationId();
        if (stateDir != null) {
            final Optional<Path> deleted = StateDirectory.delete(stateDir, applicationId);
            out.println("  local state "
                    + deleted.map(dir -> "deleted " + dir).orElse("none at " + stateDir.resolve(applicationId)));
        }
        out.println("  Instances that keep their local state restore the rebuilt snapshots too: they were appended");
        out.println("  after every record those instances hold, and a restore goes from the last offset the local");
        out.println("  store applied to the end of the changelog. To restore from scratch instead, delete");
        out.println("  <state.dir>/" + applicationId + " on every instance before starting it.");
    }
}
