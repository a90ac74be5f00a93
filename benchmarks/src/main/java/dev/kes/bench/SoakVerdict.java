package dev.kes.bench;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Whether a soak showed growth: the first third of its windows against the last third (medians, so one GC pause or
 * one noisy neighbour does not decide), and the least-squares slope of the old generation over the whole run.
 *
 * <p>Growth is called when the old generation after GC rose by more than {@value #HEAP_GROWTH} (a fifth) <em>and</em>
 * its slope stays positive, or when the deposit p99 of the last third is above {@value #P99_GROWTH} times the first
 * third's and more than {@value #P99_MARGIN_MS} ms higher.
 */
record SoakVerdict(double firstHeapMiB, double lastHeapMiB, double heapSlopeMiBPerMin, double firstP99Ms,
                   double lastP99Ms) {
    static final double HEAP_GROWTH = 1.2;
    static final double P99_GROWTH = 1.5;
    static final double P99_MARGIN_MS = 50;

    static SoakVerdict of(final List<SoakWindow> windows) {
        if (windows.size() < 3) {
            throw new IllegalArgumentException("a verdict needs at least 3 windows, got " + windows.size());
        }
        final int third = windows.size() / 3;
        final List<SoakWindow> first = windows.subList(0, third);
        final List<SoakWindow> last = windows.subList(windows.size() - third, windows.size());
        return new SoakVerdict(median(first, SoakWindow::oldAfterGcMiB), median(last, SoakWindow::oldAfterGcMiB),
                slopePerMinute(windows), median(first, SoakWindow::depositP99Ms), median(last, SoakWindow::depositP99Ms));
    }

    boolean heapGrew() {
        return lastHeapMiB > firstHeapMiB * HEAP_GROWTH && heapSlopeMiBPerMin > 0;
    }

    boolean latencyGrew() {
        return lastP99Ms > firstP99Ms * P99_GROWTH && lastP99Ms - firstP99Ms > P99_MARGIN_MS;
    }

    private static double median(final List<SoakWindow> windows, final ToDoubleFunction<SoakWindow> value) {
        final double[] sorted = windows.stream().mapToDouble(value).sorted().toArray();
        final int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double slopePerMinute(final List<SoakWindow> windows) {
        final double meanT = windows.stream().mapToDouble(SoakWindow::endSeconds).average().orElse(0);
        final double meanH = windows.stream().mapToDouble(SoakWindow::oldAfterGcMiB).average().orElse(0);
        double covariance = 0;
        double variance = 0;
        for (final SoakWindow window : windows) {
            covariance += (window.endSeconds() - meanT) * (window.oldAfterGcMiB() - meanH);
            variance += (window.endSeconds() - meanT) * (window.endSeconds() - meanT);
        }
        return variance == 0 ? 0 : covariance / variance * 60;
    }
}
