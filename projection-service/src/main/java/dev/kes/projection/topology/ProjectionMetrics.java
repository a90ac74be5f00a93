package dev.kes.projection.topology;

import dev.kes.service.metrics.PrometheusText;

/** The projection's counters: what it skipped and why, so that nothing is dropped silently. */
public record ProjectionMetrics(PrometheusText sink) {
    public static final String APPLIED = "kes_projection_events_applied_total";
    public static final String DUPLICATES = "kes_projection_events_duplicate_total";
    public static final String GAPS = "kes_projection_version_gaps_total";
    public static final String UNKNOWN = "kes_projection_events_unknown_type_total";
    public static final String MALFORMED = "kes_projection_events_malformed_total";

    public void count(final String counter) {
        sink.increment(counter, "");
    }
}
