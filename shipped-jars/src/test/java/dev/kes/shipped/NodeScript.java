package dev.kes.shipped;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A script of {@code interop/node} run with Node.js, whose stdout is one JSON object per line. The npm packages come
 * from the committed lock file ({@code npm ci}, which .ci/run does); the directory is the system property
 * {@code interop.node.dir}.
 */
final class NodeScript {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeScript() {}

    static List<JsonNode> run(final Path logDir, final String script, final String... args) throws Exception {
        final Path dir = Path.of(System.getProperty("interop.node.dir")).normalize();
        assertThat(dir.resolve("node_modules/@confluentinc/schemaregistry"))
                .as("npm ci in " + dir)
                .isDirectory();
        final List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        final Path out = Files.createTempFile(logDir, script + "-", ".out");
        final Path err = Files.createTempFile(logDir, script + "-", ".err");
        final Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(script + " did not end in 120 s\n" + Files.readString(err));
        }
        assertThat(process.exitValue())
                .as(() -> script + " failed\n--- stdout\n" + read(out) + "--- stderr\n" + read(err))
                .isZero();
        final List<JsonNode> lines = new ArrayList<>();
        for (final String line : Files.readAllLines(out)) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    private static String read(final Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return "(" + e.getMessage() + ")";
        }
    }
}
