package dev.kes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The summary of {@code all}: one row per round, and medians with the rounds that met each aim. */
class SummaryTest {
    @Test
    void writeToReadGetsAColumnWhenItRan() {
        final Summary summary = new Summary();
        summary.add(
                100,
                1,
                raw(500_000),
                bare(80_000),
                command(48_000),
                http(140),
                new Result("write-to-read").add("w2rP99Ms", "p99", 80.0, "ms").add("meetsAim", "aim", true, ""));
        summary.add(100, 2, raw(500_000), bare(80_000), command(48_000), http(140), null);

        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        summary.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        final List<String> lines =
                bytes.toString(StandardCharsets.UTF_8).lines().toList();

        assertThat(lines).anySatisfy(line -> assertThat(line).endsWith("W2R p99"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("100").endsWith("80 ms ok"));
        assertThat(lines)
                .anySatisfy(line ->
                        assertThat(line).startsWith("100").contains(" 2 ").endsWith("-"));
    }

    @Test
    void roundsGetARowEachAndMediansOverThem() {
        final Summary summary = new Summary();
        summary.add(100, 1, raw(500_000), bare(80_000), command(48_000), http(140), null);
        summary.add(100, 2, raw(500_000), bare(80_000), command(60_000), http(160), null);
        summary.add(100, 3, raw(500_000), bare(80_000), command(40_000), http(150), null);

        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        summary.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        final String printed = bytes.toString(StandardCharsets.UTF_8);

        assertThat(printed)
                .contains("3 rounds: median cmd/raw 9.6% (aim met in 0), median cmd/bare 60.0% "
                        + "(aim met in 1), median HTTP p99 150.0 ms (aim met in 2)");
        assertThat(printed.lines().filter(line -> line.startsWith("RESULT {\"benchmark\":\"summary\"")))
                .hasSize(3)
                .allSatisfy(line -> assertThat(line).contains("\"round\":"));
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        final List<Result> rows = List.of(
                new Result("x").add("v", "v", 1.0, ""),
                new Result("x").add("v", "v", 4.0, ""),
                new Result("x").add("v", "v", 2.0, ""),
                new Result("x").add("v", "v", 3.0, ""));
        assertThat(Summary.median(rows, "v")).isEqualTo(2.5);
    }

    private static Result raw(final double perSec) {
        return new Result("raw-producer").add("perSec", "rate", perSec, "records/s");
    }

    private static Result bare(final double perSec) {
        return new Result("bare-processor")
                .add("steadyPerSec", "rate", perSec, "records/s")
                .add("fromStartPerSec", "rate", perSec, "records/s");
    }

    private static Result command(final double perSec) {
        return new Result("command-ingestion")
                .add("steadyPerSec", "rate", perSec, "commands/s")
                .add("fromStartPerSec", "rate", perSec, "commands/s");
    }

    private static Result http(final double p99) {
        return new Result("http-latency")
                .add("offeredPerSec", "offered", 500.0, "")
                .add("achievedPerSec", "a", 500.0, "")
                .add("p50Ms", "p50", 80.0, "ms")
                .add("p99Ms", "p99", p99, "ms")
                .add("non2xx", "n", 0.0, "")
                .add("failed", "f", 0.0, "");
    }
}
