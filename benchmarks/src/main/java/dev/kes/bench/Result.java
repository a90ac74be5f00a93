package dev.kes.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of one benchmark: labelled values printed as a table for people, and the same values as one
 * {@code RESULT {json}} line for scripts ({@code grep '^RESULT ' | cut -c8- | jq}).
 */
final class Result {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String benchmark;
    private final List<Row> rows = new ArrayList<>();

    private record Row(String key, String label, Object value, String unit) {}

    Result(final String benchmark) {
        this.benchmark = benchmark;
    }

    String benchmark() {
        return benchmark;
    }

    /** Adds a value: {@code key} in the JSON line, {@code label} and {@code unit} in the table. */
    Result add(final String key, final String label, final Object value, final String unit) {
        rows.add(new Row(key, label, value, unit));
        return this;
    }

    /**
     * Latency rows at {@code percentiles}, then the max: keys {@code p99Ms}, {@code p999Ms}, {@code maxMs} (with a
     * {@code key} prefix {@code depositP99Ms} ...), labels {@code "<label> p99.9"}, {@code "<label> max"}.
     */
    Result latencies(
            final String key, final String label, final LatencyRecorder.Snapshot latency, final double... percentiles) {
        for (final double percentile : percentiles) {
            final String name = percentile == Math.rint(percentile)
                    ? String.valueOf((long) percentile)
                    : String.valueOf(percentile);
            add(
                    prefixed(key, "p" + name.replace(".", "") + "Ms"),
                    label + " p" + name,
                    round1(latency.percentileMs(percentile)),
                    "ms");
        }
        return add(prefixed(key, "maxMs"), label + " max", round1(latency.maxMs()), "ms");
    }

    /** What an open-loop load was given: {@code --rate} (as {@code label} says), --duration and --warmup. */
    Result offeredLoad(final String label, final BenchOptions options, final String unit) {
        return add("offeredPerSec", label, options.rate(), unit)
                .add("durationSeconds", "measured for (after warm-up)", options.durationSeconds(), "s")
                .add("warmupSeconds", "warm-up, not recorded", options.warmupSeconds(), "s");
    }

    /** What an open-loop HTTP load met besides its latencies: errors, statuses, concurrency, sender lag. */
    Result openLoop(final OpenLoopLoad.Outcome outcome) {
        return add("non2xx", "non-2xx responses", outcome.non2xx(), "")
                .add("failed", "no response (errors, unfinished)", outcome.failed(), "")
                .add("statuses", "responses by status", outcome.statuses().toString(), "")
                .add("maxInFlight", "most requests in flight at once", outcome.maxInFlight(), "")
                .add("maxSendLagMs", "sender late by at most", round1(outcome.maxSendLagMs()), "ms");
    }

    private static String prefixed(final String prefix, final String key) {
        return prefix.isEmpty() ? key : prefix + Character.toUpperCase(key.charAt(0)) + key.substring(1);
    }

    boolean has(final String key) {
        return rows.stream().anyMatch(row -> row.key.equals(key));
    }

    double number(final String key) {
        return rows.stream()
                .filter(row -> row.key.equals(key))
                .map(row -> ((Number) row.value).doubleValue())
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(benchmark + " has no " + key));
    }

    boolean bool(final String key) {
        return rows.stream()
                .filter(row -> row.key.equals(key))
                .map(row -> (Boolean) row.value)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(benchmark + " has no " + key));
    }

    void print(final PrintStream out) {
        out.println();
        out.println("== " + benchmark + " ==");
        final int width =
                rows.stream().mapToInt(row -> row.label.length()).max().orElse(0);
        for (final Row row : rows) {
            out.printf(
                    "  %-" + width + "s  %s%s%n",
                    row.label,
                    format(row.value),
                    row.unit.isEmpty() ? "" : " " + row.unit);
        }
        out.println(jsonLine());
    }

    String jsonLine() {
        final Map<String, Object> values = new LinkedHashMap<>();
        values.put("benchmark", benchmark);
        rows.forEach(row -> values.put(row.key, row.value));
        try {
            return "RESULT " + JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the result of " + benchmark, e);
        }
    }

    static String format(final Object value) {
        if (value instanceof Double d) {
            return Math.abs(d) >= 1000 ? String.format(Locale.ROOT, "%,.0f", d) : String.format(Locale.ROOT, "%.1f", d);
        }
        if (value instanceof Long || value instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", ((Number) value).longValue());
        }
        return String.valueOf(value);
    }

    /** Rounds for the JSON line: rates to whole numbers, milliseconds to 0.1. */
    static double round1(final double value) {
        return Math.round(value * 10) / 10.0;
    }
}
