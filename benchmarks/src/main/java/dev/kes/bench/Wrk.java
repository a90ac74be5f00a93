package dev.kes.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs wrk (https://github.com/wg/wrk; Debian: {@code apt-get install wrk}) as a separate process with the
 * {@code wrk-random-ids.lua} script, and reads back the exact numbers the script prints at the end. wrk is a closed
 * loop: each connection sends its next request when the previous answer arrived, so the latencies are those of a
 * saturated server at that concurrency, not of a fixed offered rate.
 */
final class Wrk {
    static final String SCRIPT = "wrk-random-ids.lua";
    private static final String RESULT_PREFIX = "WRK_RESULT ";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path script;

    private Wrk(final Path script) {
        this.script = script;
    }

    /** The numbers of one run; latencies in microseconds. {@code text} is wrk's own report. */
    record Outcome(
            long requests,
            double seconds,
            long connectErrors,
            long readErrors,
            long writeErrors,
            long non2xx,
            long timeouts,
            double meanUs,
            double p50Us,
            double p90Us,
            double p99Us,
            double p999Us,
            double maxUs,
            String text) {
        double perSecond() {
            return requests / seconds;
        }

        long socketErrors() {
            return connectErrors + readErrors + writeErrors + timeouts;
        }
    }

    /** Checks that wrk can be run, and puts the script into {@code dir}. */
    static Wrk prepare(final Path dir) throws InterruptedException {
        try {
            final Process version = new ProcessBuilder("wrk", "--version")
                    .redirectErrorStream(true)
                    .start();
            version.getInputStream().readAllBytes();
            version.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "wrk is not installed (Debian/Ubuntu: apt-get update && apt-get install " + "-y wrk): "
                            + e.getMessage(),
                    e);
        }
        final Path script = dir.resolve(SCRIPT);
        try (InputStream in = Wrk.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the jar");
            }
            Files.copy(in, script);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Wrk(script);
    }

    /** {@code wrk -t T -c C -d S --timeout 10s --latency -s script url -- ids}, until it ends. */
    Outcome run(final String url, final Path ids, final int threads, final int connections, final int seconds)
            throws InterruptedException {
        final List<String> command = new ArrayList<>(List.of(
                "wrk",
                "-t" + threads,
                "-c" + connections,
                "-d" + seconds + "s",
                "--timeout",
                "10s",
                "--latency",
                "-s",
                script.toString(),
                url,
                "--",
                ids.toString()));
        final String output;
        final int exit;
        try {
            final Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("wrk did not end: " + String.join(" ", command));
            }
            exit = process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        }
        final String line = output.lines()
                .filter(l -> l.startsWith(RESULT_PREFIX))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("wrk (exit " + exit + ") printed no result:\n" + output));
        if (exit != 0) {
            throw new IllegalStateException("wrk ended with " + exit + ":\n" + output);
        }
        final String text = output.lines()
                .filter(l -> !l.startsWith(RESULT_PREFIX))
                .reduce((a, b) -> a + "\n" + b)
                .orElse("");
        return parse(line.substring(RESULT_PREFIX.length()), text);
    }

    /** The numbers of the script's {@code WRK_RESULT} line (without the prefix). */
    static Outcome parse(final String json, final String text) {
        try {
            final JsonNode n = JSON.readTree(json);
            return new Outcome(
                    n.get("requests").asLong(),
                    n.get("durationUs").asDouble() / 1e6,
                    n.get("connectErrors").asLong(),
                    n.get("readErrors").asLong(),
                    n.get("writeErrors").asLong(),
                    n.get("non2xx3xx").asLong(),
                    n.get("timeouts").asLong(),
                    n.get("meanUs").asDouble(),
                    n.get("p50Us").asDouble(),
                    n.get("p90Us").asDouble(),
                    n.get("p99Us").asDouble(),
                    n.get("p999Us").asDouble(),
                    n.get("maxUs").asDouble(),
                    text);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read wrk's result " + json, e);
        }
    }
}
