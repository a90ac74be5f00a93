package dev.kes.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The table of {@code all}: per commit.interval.ms, the command service beside its two ceilings, and the aims. */
final class Summary {
    static final double AIM_OF_RAW = 0.20;
    static final double AIM_OF_BARE = 0.70;
    private static final String FORMAT = "%-10s %5s %12s %12s %12s %16s %16s %10s %18s %12s %10s%n";

    private final List<Result> rows = new ArrayList<>();

    /** Adds the results of one round of one commit interval (http, writeToRead: null when not run). */
    void add(
            final long commitIntervalMs,
            final int round,
            final Result raw,
            final Result bare,
            final Result command,
            final Result http,
            final Result writeToRead) {
        final double commands = command.number("steadyPerSec");
        final double ofRaw = commands / raw.number("perSec");
        final double ofBare = commands / bare.number("steadyPerSec");
        final Result row = new Result("summary")
                .add("commitIntervalMs", "commit.interval.ms", commitIntervalMs, "")
                .add("round", "round", round, "")
                .add("rawPerSec", "raw producer", raw.number("perSec"), "records/s")
                .add("barePerSec", "bare processor", bare.number("steadyPerSec"), "records/s")
                .add("commandPerSec", "command ingestion", commands, "commands/s")
                .add("commandToRaw", "commands / raw", round3(ofRaw), "")
                .add("commandToBare", "commands / bare", round3(ofBare), "")
                .add(
                        "commandToBareFromStart",
                        "commands / bare, both from start()",
                        round3(command.number("fromStartPerSec") / bare.number("fromStartPerSec")),
                        "")
                .add("meetsRawAim", "commands >= 20% of raw", ofRaw >= AIM_OF_RAW, "")
                .add("meetsBareAim", "commands >= 70% of bare", ofBare >= AIM_OF_BARE, "");
        if (http != null) {
            row.add("httpOfferedPerSec", "HTTP offered", http.number("offeredPerSec"), "requests/s")
                    .add("httpAchievedPerSec", "HTTP achieved", http.number("achievedPerSec"), "requests/s")
                    .add("httpP50Ms", "HTTP p50", http.number("p50Ms"), "ms")
                    .add("httpP99Ms", "HTTP p99", http.number("p99Ms"), "ms")
                    .add("httpAimP99Ms", "aim p99", commitIntervalMs + 50, "ms")
                    .add("meetsHttpAim", "p99 within aim", http.number("p99Ms") <= commitIntervalMs + 50, "")
                    .add("httpErrors", "HTTP non-2xx + failed", http.number("non2xx") + http.number("failed"), "");
        }
        if (writeToRead != null) {
            row.add("w2rP99Ms", "write-to-read p99", writeToRead.number("w2rP99Ms"), "ms")
                    .add("meetsW2rAim", "write-to-read p99 within aim, no errors", writeToRead.bool("meetsAim"), "");
        }
        rows.add(row);
    }

    void print(final PrintStream out) {
        out.println();
        out.println("== summary: the command service beside its ceilings (steady rates, same broker, same run) ==");
        out.printf(
                Locale.ROOT,
                FORMAT,
                "commit ms",
                "round",
                "raw rec/s",
                "bare rec/s",
                "commands/s",
                "cmd/raw (>=20%)",
                "cmd/bare (>=70%)",
                "HTTP p50",
                "HTTP p99 (aim)",
                "HTTP errors",
                "W2R p99");
        for (final Result row : rows) {
            final boolean http = row.has("httpP99Ms");
            out.printf(
                    Locale.ROOT,
                    FORMAT,
                    (long) row.number("commitIntervalMs"),
                    String.valueOf((long) row.number("round")),
                    Result.format(row.number("rawPerSec")),
                    Result.format(row.number("barePerSec")),
                    Result.format(row.number("commandPerSec")),
                    percent(row.number("commandToRaw"), AIM_OF_RAW),
                    percent(row.number("commandToBare"), AIM_OF_BARE),
                    http ? ms(row.number("httpP50Ms")) : "-",
                    http
                            ? ms(row.number("httpP99Ms")) + " (" + ms(row.number("httpAimP99Ms")) + ")"
                                    + (row.number("httpP99Ms") <= row.number("httpAimP99Ms") ? " ok" : " MISS")
                            : "-",
                    http ? String.valueOf((long) row.number("httpErrors")) : "-",
                    row.has("w2rP99Ms")
                            ? ms(row.number("w2rP99Ms")) + (row.bool("meetsW2rAim") ? " ok" : " MISS")
                            : "-");
        }
        printMedians(out);
        rows.forEach(row -> out.println(row.jsonLine()));
    }

    /** With several rounds of an interval: the median of each ratio and of the p99, and how many rounds met each aim. */
    private void printMedians(final PrintStream out) {
        final Map<Long, List<Result>> byInterval = new TreeMap<>();
        rows.forEach(row -> byInterval
                .computeIfAbsent((long) row.number("commitIntervalMs"), k -> new ArrayList<>())
                .add(row));
        byInterval.forEach((interval, rounds) -> {
            if (rounds.size() < 2) {
                return;
            }
            final boolean http = rounds.stream().allMatch(row -> row.has("httpP99Ms"));
            out.printf(
                    Locale.ROOT,
                    "commit.interval.ms %d, %d rounds: median cmd/raw %.1f%% (aim met in %d), "
                            + "median cmd/bare %.1f%% (aim met in %d)%s%n",
                    interval,
                    rounds.size(),
                    100 * median(rounds, "commandToRaw"),
                    count(rounds, "meetsRawAim"),
                    100 * median(rounds, "commandToBare"),
                    count(rounds, "meetsBareAim"),
                    http
                            ? String.format(
                                    Locale.ROOT,
                                    ", median HTTP p99 %.1f ms (aim met in %d)",
                                    median(rounds, "httpP99Ms"),
                                    count(rounds, "meetsHttpAim"))
                            : "");
        });
    }

    static double median(final List<Result> rounds, final String key) {
        final double[] values =
                rounds.stream().mapToDouble(row -> row.number(key)).sorted().toArray();
        final int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static long count(final List<Result> rounds, final String key) {
        return rounds.stream().filter(row -> row.bool(key)).count();
    }

    private static String percent(final double ratio, final double aim) {
        return String.format(Locale.ROOT, "%.1f%% %s", ratio * 100, ratio >= aim ? "ok" : "MISS");
    }

    private static String ms(final double value) {
        return String.format(Locale.ROOT, "%.0f ms", value);
    }

    private static double round3(final double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
