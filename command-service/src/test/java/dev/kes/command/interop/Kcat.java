package dev.kes.command.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code kcat} command-line client (librdkafka), run as a separate process the way a user runs it. Found on the
 * PATH, or at {@code -Dkcat=/path/to/kcat}.
 */
final class Kcat {
    private static final long TIMEOUT_SECONDS = 60;

    private final String executable;
    private final String bootstrap;

    Kcat(final String bootstrap) {
        this.executable = System.getProperty("kcat", "kcat");
        this.bootstrap = bootstrap;
    }

    /** {@code kcat -V}: which kcat and librdkafka; fails clearly where kcat is not installed. */
    String version() {
        return run(List.of(executable, "-V"));
    }

    /**
     * {@code kcat -P -b <bootstrap> -t <topic> -k <key> [-X <property>...] <file>...}: each file becomes one message
     * with that key, placed by librdkafka's partitioner unless a property says otherwise.
     */
    void produce(final String topic, final String key, final List<String> properties, final List<Path> files) {
        final List<String> command =
                new ArrayList<>(List.of(executable, "-P", "-b", bootstrap, "-t", topic, "-k", key, "-m", "30"));
        for (final String property : properties) {
            command.add("-X");
            command.add(property);
        }
        files.forEach(file -> command.add(file.toString()));
        run(command);
    }

    private static String run(final List<String> command) {
        final Path output;
        final Process process;
        try {
            output = Files.createTempFile("kcat", ".out");
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
        } catch (IOException e) {
            throw new AssertionError(
                    "cannot run " + command.get(0) + " (install kcat, e.g. apt-get install kcat, "
                            + "or name it with -Dkcat=...): " + e.getMessage(),
                    e);
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(
                        String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s: " + read(output));
            }
            final String text = read(output);
            if (process.exitValue() != 0) {
                throw new AssertionError(
                        String.join(" ", command) + " exited with " + process.exitValue() + ": " + text);
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("interrupted while running kcat", e);
        } finally {
            try {
                Files.deleteIfExists(output);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }

    private static String read(final Path output) {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }
}
