package dev.kes.admin.cli;

import dev.kes.admin.ExitCodes;
import dev.kes.admin.kafka.ApplicationGroup;
import dev.kes.admin.kafka.Clients;
import dev.kes.admin.snapshots.Mismatch;
import dev.kes.admin.snapshots.SnapshotCheck;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;

/** es-admin verify-snapshots: the command service's snapshots against a replay of the events. */
@Command(
        name = "verify-snapshots",
        sortOptions = false,
        description = {
            "Replay account-events (folding each account with the domain's evolve) and compare every "
                    + "account's state with the command service's snapshot: the latest record per account of the "
                    + "compacted changelog <application-id>-account-state-changelog.",
            "Reports missing, extra, unreadable and differing snapshots, and anomalies of the event store "
                    + "(repeated or skipped versions); exits 1 if there is any. Read-only; exact when the "
                    + "command service is stopped.",
            "Once the topic was archived, reads the archive too (--archive); refuses (exit 3) without it."
        })
public final class VerifySnapshotsCommand extends SnapshotStoreCommand {
    @Override
    public Integer call() {
        final String applicationId = target.applicationId();
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Map<String, Object> props = kafka.clientProperties();
        final Duration timeout = kafka.timeout();
        try (Admin admin = Clients.admin(props, timeout)) {
            final ApplicationGroup.Status status = new ApplicationGroup(admin, applicationId, timeout).status();
            if (status.isRunning()) {
                err.println("warning: " + applicationId + " is running ("
                        + status.members().size() + " member(s)): "
                        + "accounts changed while this check reads may show as differences. Run it again, or "
                        + "while the service is stopped, for an exact answer.");
                err.flush();
            }
        }
        final SnapshotCheck check = check(props, timeout);
        print(out, check);
        out.flush();
        return check.isConsistent() ? ExitCodes.OK : ExitCodes.PROBLEMS_FOUND;
    }

    private void print(final PrintWriter out, final SnapshotCheck check) {
        final String applicationId = target.applicationId();
        final String eventsTopic = target.eventsTopic();
        out.println("verify-snapshots " + applicationId);
        SnapshotReport.summary(out, check, eventsTopic);
        for (final Mismatch mismatch : check.mismatches()) {
            out.printf("%-10s %s  %s%n", mismatch.kind(), mismatch.accountId(), mismatch.detail());
        }
        for (final String anomaly : check.anomalies()) {
            out.printf("%-10s %s%n", "ANOMALY", anomaly);
        }
        if (check.isConsistent()) {
            out.println("OK: the " + check.changelog().snapshots().size() + " snapshot(s) match the events.");
            return;
        }
        out.println("FAILED: " + check.mismatches().size() + " mismatch(es), "
                + check.anomalies().size() + " event-store anomaly(ies).");
        if (!check.mismatches().isEmpty()) {
            out.println("To rewrite the snapshots from the events, stop the command service and run:");
            out.println("  es-admin rebuild-snapshots" + target.repeat());
        }
    }
}
