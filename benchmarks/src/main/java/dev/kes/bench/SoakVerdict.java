package dev.kes.bench;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Whether a soak showed growth: the first third of its windows against the last third (medians, so one GC pause or
 * one noisy neighbour does not decide), and least-squares slopes over the whole run.
 *
 * <p>Heap: the old generation's usage after its own collections ({@link SoakWindow#oldCollectionMiB()}, the pool's
 * collection usage). Growth is called when the last third's is above {@value #HEAP_GROWTH} times the first third's
 * and its slope is positive. When that value never changed after the first window, the old generation was not
 * collected during the run and nothing can be said: the verdict says so instead of calling it flat. The floor of the
 * old generation after any collection ({@link SoakWindow#oldAfterGcMiB()}) is reported beside it; with G1 it rises
 * between marking cycles (young collections promote, only mixed ones reclaim), so alone it is no sign of a leak.
 *
 * <p>Latency: growth when the deposit p99 of the last third is above {@value #P99_GROWTH} times the first third's
 * and more than {@value #P99_MARGIN_MS} ms higher.
 */
record SoakVerdict(Trend heapMiB, boolean oldGenCollected, Trend floorMiB, double firstP99Ms, double lastP99Ms) {
    static final double HEAP_GROWTH = 1.2;
    static final double P99_GROWTH = 1.5;
    static final double P99_MARGIN_MS = 50;

    /** One measure over the run: the medians of its first and last thirds, and its slope per minute (least squares). */
    record Trend(double first, double last, double slope) {
        static Trend of(
                final List<SoakWindow> windows,
                final List<SoakWindow> first,
                final List<SoakWindow> last,
                final ToDoubleFunction<SoakWindow> value) {
            return new Trend(median(first, value), median(last, value), slopePerMinute(windows, value));
        }
    }

    static SoakVerdict of(final List<SoakWindow> windows) {
        if (windows.size() < 3) {
            throw new IllegalArgumentException("a verdict needs at least 3 windows, got " + windows.size());
        }
        final int third = windows.size() / 3;
        final List<SoakWindow> first = windows.subList(0, third);
        final List<SoakWindow> last = windows.subList(windows.size() - third, windows.size());
        final boolean collected = windows.stream()
                .mapToDouble(SoakWindow::oldCollectionMiB)
                .anyMatch(value -> value != windows.get(0).oldCollectionMiB());
        return new SoakVerdict(
                Trend.of(windows, first, last, SoakWindow::oldCollectionMiB),
                collected,
                Trend.of(windows, first, last, SoakWindow::oldAfterGcMiB),
                median(first, SoakWindow::depositP99Ms),
                median(last, SoakWindow::depositP99Ms));
    }

    /** "no", "YES", or why it cannot be told. */
    String heapGrowth() {
        if (!oldGenCollected) {
            return "not measured: the old generation was not collected after the first window (run longer, or "
                    + "start G1's marking earlier with -XX:InitiatingHeapOccupancyPercent)";
        }
        return heapGrew() ? "YES" : "no";
    }

    boolean heapGrew() {
        return oldGenCollected && heapMiB.last() > heapMiB.first() * HEAP_GROWTH && heapMiB.slope() > 0;
    }

    boolean latencyGrew() {
        return lastP99Ms > firstP99Ms * P99_GROWTH && lastP99Ms - firstP99Ms > P99_MARGIN_MS;
    }

    private static double median(final List<SoakWindow> windows, final ToDoubleFunction<SoakWindow> value) {
        final double[] sorted = windows.stream().mapToDouble(value).sorted().toArray();
        final int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double slopePerMinute(final List<SoakWindow> windows, final ToDoubleFunction<SoakWindow> value) {
        final double meanT =
                windows.stream().mapToDouble(SoakWindow::endSeconds).average().orElse(0);
        final double meanV = windows.stream().mapToDouble(value).average().orElse(0);
        double covariance = 0;
        double variance = 0;
        for (final SoakWindow window : windows) {
            covariance += (window.endSeconds() - meanT) * (value.applyAsDouble(window) - meanV);
            variance += (window.endSeconds() - meanT) * (window.endSeconds() - meanT);
        }
        return variance == 0 ? 0 : covariance / variance * 60;
    }
}
