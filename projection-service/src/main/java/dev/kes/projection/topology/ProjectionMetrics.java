package dev.kes.projection.topology;

import dev.kes.service.metrics.Counters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The projection's counters: what it applied, what it skipped and why, so that nothing is dropped silently.
 * Per-read-model counters carry a {@code view} label (the store name): each read model keeps its own version
 * guard, so a disagreement between them shows up here. The names are the exposed Prometheus names.
 */
public final class ProjectionMetrics {
    /** Per view: events applied. */
    public static final String APPLIED = "kes_projection_events_applied_total";
    /** Per view: events at or below the version already applied (redeliveries). */
    public static final String DUPLICATES = "kes_projection_events_duplicate_total";
    /** Per view: an event whose version is not the next one (applied anyway). */
    public static final String GAPS = "kes_projection_version_gaps_total";
    /** Per view: an event of an account that was never opened (not applied). */
    public static final String NOT_OPENED = "kes_projection_events_before_open_total";
    /** Per view: an event older than the account's previous one (applied at the previous one's instant). */
    public static final String TIME_REGRESSIONS = "kes_projection_occurred_at_regressions_total";
    /** Events of a type this build does not know. */
    public static final String UNKNOWN = "kes_projection_events_unknown_type_total";
    /** Records that cannot be decoded, or whose key or account id cannot be right. */
    public static final String MALFORMED = "kes_projection_events_malformed_total";
    /** The label that names the read model of a per-view counter. */
    public static final String VIEW = "view";

    private final Counters counters;

    public ProjectionMetrics(final MeterRegistry registry) {
        this.counters = new Counters(registry);
    }

    public void count(final String counter) {
        counters.counter(counter).increment();
    }

    public void count(final String counter, final String view) {
        counter(counter, view).increment();
    }

    /** The per-view counter itself, for callers that count once per event and keep it. */
    public Counter counter(final String counter, final String view) {
        return counters.counter(counter, VIEW, view);
    }
}
