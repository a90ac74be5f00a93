package dev.kes.admin.cli;

import dev.kes.admin.events.ReadSummary;
import dev.kes.admin.snapshots.HistoryFold;
import dev.kes.admin.snapshots.SnapshotCheck;
import java.io.PrintWriter;

/** The lines verify-snapshots and rebuild-snapshots both start with. */
final class SnapshotReport {
    private SnapshotReport() {}

    static void summary(final PrintWriter out, final SnapshotCheck check, final String eventsTopic) {
        final HistoryFold history = check.history();
        final ReadSummary archived = history.archived();
        if (archived != null) {
            out.printf(
                    "  archive    %d event(s) in %d run(s); skipped %d of unknown type, %d unreadable%n",
                    archived.delivered(),
                    history.archiveRuns(),
                    archived.skippedUnknown(),
                    archived.skippedMalformed());
        }
        final ReadSummary events = history.live();
        out.printf(
                "  events     %s: %d event(s) in %d partition(s)%s, %d account(s); skipped %d of unknown type, "
                        + "%d unreadable%n",
                eventsTopic,
                events.delivered(),
                events.ranges().size(),
                archived == null ? "" : " from where the archive ends",
                check.accounts().size(),
                events.skippedUnknown(),
                events.skippedMalformed());
        out.printf(
                "  snapshots  %s: %d account(s) (%d record(s) read)%n",
                check.changelog().topic(),
                check.changelog().snapshots().size(),
                check.changelog().records());
        if (history.skipped() > 0) {
            out.println("  note: skipped events are not folded, so their accounts' snapshots may differ; an es-admin"
                    + " of the command service's version reads them");
        }
    }
}
