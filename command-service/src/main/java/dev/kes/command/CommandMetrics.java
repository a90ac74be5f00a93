package dev.kes.command;

import dev.kes.service.metrics.Counters;
import dev.kes.service.metrics.LatencyBuckets;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * The command service's own meters (README "Metrics"). Decisions are counted by the processor, where they are made,
 * so commands that producers write straight to Kafka count as well as those that come through HTTP. A command whose
 * transaction aborts (a crash, a rebalance) is processed, and counted, again: these counters may run slightly ahead
 * of the results topic, never behind it.
 */
public final class CommandMetrics {
    public static final String ACCEPTED = "kes_commands_accepted_total";
    public static final String REJECTED = "kes_commands_rejected_total";
    /** A subset of {@link #REJECTED}: expected version not met, the optimistic-concurrency signal to watch. */
    public static final String CONFLICTS = "kes_commands_conflicts_total";
    /** Retries answered with the first outcome from the dedupe store; nothing written. */
    public static final String DUPLICATES = "kes_commands_duplicates_total";

    public static final String DEAD_LETTERED = "kes_dlq_records_total";
    /**
     * HTTP commands from submission to Kafka until their result is known (input refused before Kafka is not timed);
     * exposed as {@code kes_command_duration_seconds} with the buckets below.
     */
    public static final String DURATION = "kes_command_duration";
    /** HTTP commands submitted to Kafka whose result is awaited now (bounded by {@code http.max.in.flight.commands}). */
    public static final String IN_FLIGHT = "kes_commands_in_flight";
    /** HTTP commands answered 503 overloaded at once because the in-flight bound was reached; nothing sent. */
    public static final String SHED = "kes_commands_shed_total";

    /** How an HTTP command ended, the {@code outcome} label of {@link #DURATION}. */
    public enum Outcome {
        /** accepted or rejected by the processor */
        ACCEPTED,
        REJECTED,
        /** no result: Kafka did not take the command (503) or its result did not come in time (504) */
        UNKNOWN;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Counters counters;

    public CommandMetrics(final MeterRegistry registry) {
        this.registry = registry;
        this.counters = new Counters(registry);
    }

    /** Meters that nobody reads: for tools and benchmarks that run the topology without the service. */
    public static CommandMetrics unexposed() {
        return new CommandMetrics(new SimpleMeterRegistry());
    }

    public void accepted(final String type) {
        counters.described(ACCEPTED, "Commands accepted: their events appended", "type", type)
                .increment();
    }

    /** @param reason the rejection code, e.g. {@code CONFLICT}; exposed in lower case */
    public void rejected(final String type, final String reason) {
        final String label = reason.toLowerCase(Locale.ROOT);
        counters.described(REJECTED, "Commands rejected, by rejection code", "type", type, "reason", label)
                .increment();
        if (label.equals("conflict")) {
            counters.described(CONFLICTS, "Commands rejected because the expected version did not match", "type", type)
                    .increment();
        }
    }

    public void duplicate(final String type) {
        counters.described(DUPLICATES, "Retried commandIds answered with their first outcome", "type", type)
                .increment();
    }

    public void deadLettered(final String errorClass) {
        counters.described(
                        DEAD_LETTERED,
                        "Records sent to the dead-letter topic, by error class",
                        "error_class",
                        errorClass)
                .increment();
    }

    /** Exposes {@code count} as the {@link #IN_FLIGHT} gauge (the first one registered in this registry stays). */
    public void inFlight(final IntSupplier count) {
        Gauge.builder(IN_FLIGHT, count::getAsInt)
                .description("HTTP commands submitted to Kafka whose result is awaited now")
                .register(registry);
    }

    public void shed(final String type) {
        counters.described(
                        SHED,
                        "HTTP commands answered 503 overloaded at once: the in-flight bound was reached",
                        "type",
                        type)
                .increment();
    }

    public void duration(final String type, final Outcome outcome, final Duration elapsed) {
        Timer.builder(DURATION)
                .description("HTTP command latency, request to result, by command type and outcome")
                .tags("type", type, "outcome", outcome.label())
                .serviceLevelObjectives(LatencyBuckets.bounds())
                .register(registry)
                .record(elapsed);
    }
}
