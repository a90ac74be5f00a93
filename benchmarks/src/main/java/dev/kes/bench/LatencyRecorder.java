package dev.kes.bench;

import java.util.Arrays;

/**
 * Every latency of a run, kept exactly (a 30 s run at 500/s is 15 000 longs), with nearest-rank percentiles.
 * Thread-safe: HTTP responses complete on the client's threads.
 */
final class LatencyRecorder {
    private long[] nanos = new long[1024];
    private int size;

    synchronized void record(final long latencyNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = latencyNanos;
    }

    synchronized int count() {
        return size;
    }

    /** A sorted copy of what was recorded so far. */
    synchronized Snapshot snapshot() {
        final long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        return new Snapshot(sorted);
    }

    static final class Snapshot {
        private final long[] sorted;

        private Snapshot(final long[] sorted) {
            this.sorted = sorted;
        }

        int count() {
            return sorted.length;
        }

        /** Nearest-rank percentile (0 < p ≤ 100) in milliseconds; 0 when nothing was recorded. */
        double percentileMs(final double p) {
            if (p <= 0 || p > 100) {
                throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
            }
            if (sorted.length == 0) {
                return 0;
            }
            final int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, rank - 1)] / 1e6;
        }

        double maxMs() {
            return sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6;
        }

        double meanMs() {
            return sorted.length == 0 ? 0 : Arrays.stream(sorted).average().orElse(0) / 1e6;
        }
    }
}
