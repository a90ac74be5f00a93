package dev.kes.projection.topology;

import io.micrometer.core.instrument.Counter;

/** The per-event counters of one read model, looked up once rather than by name on every event. */
record ModelCounters(Counter applied, Counter duplicates, Counter gaps, Counter notOpened) {
    ModelCounters(final ProjectionMetrics metrics, final String view) {
        this(
                metrics.counter(ProjectionMetrics.APPLIED, view),
                metrics.counter(ProjectionMetrics.DUPLICATES, view),
                metrics.counter(ProjectionMetrics.GAPS, view),
                metrics.counter(ProjectionMetrics.NOT_OPENED, view));
    }
}
