package dev.kes.bench;

import java.util.List;
import java.util.Locale;

/** The soak's rows as they come, and its result with the verdict at the end. */
final class SoakTable {
    static final String HEADER = String.format(
            Locale.ROOT,
            "  %6s %9s %9s %9s %9s %9s %9s %7s %10s %10s %8s %7s",
            "t (s)",
            "dep/s",
            "dep p50",
            "dep p99",
            "dep max",
            "qry/s",
            "qry p99",
            "errors",
            "old floor",
            "old coll.",
            "lag",
            "GC ms");

    private SoakTable() {}

    static SoakWindow row(
            final int index,
            final double endSeconds,
            final OpenLoopLoad.Outcome deposits,
            final OpenLoopLoad.Outcome queries,
            final double oldAfterGcMiB,
            final double oldCollectionMiB,
            final long projectionLag,
            final long gcMs) {
        final LatencyRecorder.Snapshot dep = deposits.latencies();
        return new SoakWindow(
                index,
                endSeconds,
                deposits.achieved(),
                dep.percentileMs(50),
                dep.percentileMs(99),
                dep.maxMs(),
                queries.achieved(),
                queries.latencies().percentileMs(99),
                deposits.non2xx() + deposits.failed() + queries.non2xx() + queries.failed(),
                oldAfterGcMiB,
                oldCollectionMiB,
                projectionLag,
                gcMs);
    }

    static String format(final SoakWindow w) {
        return String.format(
                Locale.ROOT,
                "  %6.0f %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f %7d %10.1f %10.1f %8d %7d",
                w.endSeconds(),
                w.depositsPerSec(),
                w.depositP50Ms(),
                w.depositP99Ms(),
                w.depositMaxMs(),
                w.queriesPerSec(),
                w.queryP99Ms(),
                w.errors(),
                w.oldAfterGcMiB(),
                w.oldCollectionMiB(),
                w.projectionLag(),
                w.gcMs());
    }

    static Result result(
            final List<SoakWindow> rows, final BenchOptions options, final int queryRate, final long commitIntervalMs) {
        final SoakVerdict verdict = SoakVerdict.of(rows);
        final long errors = rows.stream().mapToLong(SoakWindow::errors).sum();
        final double meanRate =
                rows.stream().mapToDouble(SoakWindow::depositsPerSec).average().orElse(0);
        final long maxLag =
                rows.stream().mapToLong(SoakWindow::projectionLag).max().orElse(0);
        final Result result = new Result("soak")
                .add("offeredPerSec", "deposits offered (open loop)", options.rate(), "requests/s")
                .add("queriesOfferedPerSec", "queries offered (open loop)", queryRate, "requests/s")
                .add("durationSeconds", "measured for (after warm-up)", rows.size() * SoakBench.WINDOW_SECONDS, "s")
                .add("windows", "windows of " + SoakBench.WINDOW_SECONDS + " s", rows.size(), "")
                .add("accounts", "accounts", options.accounts(), "")
                .add("commitIntervalMs", "commit.interval.ms", commitIntervalMs, "")
                .add("achievedPerSec", "deposits achieved, mean of windows", Result.round1(meanRate), "requests/s")
                .add("errors", "requests without a 2xx answer", errors, "")
                .add("maxLag", "projection lag, most seen", maxLag, "records");
        addTrend(result, "Heap", "old gen after its own collections", verdict.heapMiB());
        addTrend(result, "Floor", "old gen floor after any GC", verdict.floorMiB());
        return result.add(
                        "firstP99Ms",
                        "deposit p99, first third (median of windows)",
                        Result.round1(verdict.firstP99Ms()),
                        "ms")
                .add("lastP99Ms", "deposit p99, last third", Result.round1(verdict.lastP99Ms()), "ms")
                .add("heapGrowth", "heap growth seen", verdict.heapGrowth(), "")
                .add("latencyGrowth", "latency growth seen", verdict.latencyGrew() ? "YES" : "no", "");
    }

    /** The three rows of one old-gen measure: its first third (median), its last third, its slope. */
    private static void addTrend(
            final Result result, final String key, final String label, final SoakVerdict.Trend mib) {
        result.add("first" + key + "MiB", label + ", first third (median)", Result.round1(mib.first()), "MiB")
                .add("last" + key + "MiB", label + ", last third", Result.round1(mib.last()), "MiB")
                .add(
                        key.toLowerCase(Locale.ROOT) + "SlopeMiBPerMin",
                        label + ", slope",
                        Result.round1(mib.slope()),
                        "MiB/min");
    }
}
