package dev.kes.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One step of an {@code http-capacity} sweep: the measured window at one offered rate, and the CPU it took. A step
 * holds when its p99 is at most {@value #P99_LIMIT_MS} ms and every request got a 2xx: a 503 (overloaded, Kafka
 * unavailable), a 504 or no answer at all is an error, whatever the latency of the rest.
 *
 * @param target         what was requested ({@code deposits}, or {@code health} for the generator's ceiling)
 * @param offeredPerSec  the step's offered rate
 * @param processCores   cores this JVM kept busy during the step (warm-up included)
 * @param generatorCores of which the load generator's threads (the sender and the HTTP clients' threads)
 * @param otherCores     cores the rest of the machine kept busy meanwhile (other jobs)
 */
record CapacityStep(
        String target,
        int offeredPerSec,
        OpenLoopLoad.Outcome outcome,
        double processCores,
        double generatorCores,
        double otherCores) {
    static final double P99_LIMIT_MS = 100;
    static final String HEADER = String.format(
            Locale.ROOT,
            "  %-8s %8s %9s %8s %8s %8s %8s %7s %7s %6s %6s %6s %s",
            "target",
            "offered",
            "achieved",
            "p50 ms",
            "p90 ms",
            "p99 ms",
            "max ms",
            "errors",
            "inflt",
            "jvm",
            "gen",
            "other",
            "statuses");

    long errors() {
        return outcome.non2xx() + outcome.failed();
    }

    double p99Ms() {
        return outcome.latencies().percentileMs(99);
    }

    boolean holds() {
        return errors() == 0 && p99Ms() <= P99_LIMIT_MS;
    }

    /** Why the step does not hold, or empty when it does. */
    Optional<String> failure() {
        if (errors() > 0) {
            return Optional.of(errors() + " errors " + errorStatuses()
                    + (outcome.failed() > 0 ? " and " + outcome.failed() + " without answer" : ""));
        }
        if (p99Ms() > P99_LIMIT_MS) {
            return Optional.of(String.format(Locale.ROOT, "p99 %.1f ms > %.0f ms", p99Ms(), P99_LIMIT_MS));
        }
        return Optional.empty();
    }

    private Map<Integer, Long> errorStatuses() {
        return outcome.statuses().entrySet().stream()
                .filter(e -> e.getKey() / 100 != 2)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, Long::sum, TreeMap::new));
    }

    /** The highest step that held, below the first that did not (a sweep stops there): empty when none held. */
    static Optional<CapacityStep> highestHeld(final List<CapacityStep> steps) {
        CapacityStep highest = null;
        for (final CapacityStep step : steps) {
            if (!step.holds()) {
                break;
            }
            highest = step;
        }
        return Optional.ofNullable(highest);
    }

    String format() {
        final LatencyRecorder.Snapshot latency = outcome.latencies();
        return String.format(
                Locale.ROOT,
                "  %-8s %8d %9.1f %8.1f %8.1f %8.1f %8.1f %7d %7d %6.2f %6.2f %6.2f %s%s",
                target,
                offeredPerSec,
                outcome.achieved(),
                latency.percentileMs(50),
                latency.percentileMs(90),
                p99Ms(),
                latency.maxMs(),
                errors(),
                outcome.maxInFlight(),
                processCores,
                generatorCores,
                otherCores,
                outcome.statuses(),
                holds() ? "" : "  <- " + failure().orElseThrow());
    }

    Result result(final int brokers) {
        final LatencyRecorder.Snapshot latency = outcome.latencies();
        return new Result("http-capacity-step")
                .add("target", "target", target, "")
                .add("brokers", "brokers", brokers, "")
                .add("offeredPerSec", "offered rate (open loop)", offeredPerSec, "requests/s")
                .add("achievedPerSec", "achieved (2xx/s)", Result.round1(outcome.achieved()), "requests/s")
                .latencies("", "latency", latency, 50, 90, 99)
                .openLoop(outcome)
                .add("processCores", "cores used by this JVM", Result.round1(processCores * 10) / 10, "")
                .add("generatorCores", "of which the load generator", Result.round1(generatorCores * 10) / 10, "")
                .add("otherCores", "cores used by the rest of the machine", Result.round1(otherCores * 10) / 10, "")
                .add("holds", "p99 <= 100 ms and no errors", holds(), "");
    }
}
