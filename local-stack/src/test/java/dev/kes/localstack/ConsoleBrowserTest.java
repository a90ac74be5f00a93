package dev.kes.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console in a real browser: headless Chromium (Debian's {@code /usr/bin/chromium}) driven by
 * {@code interop/browser/console.mjs} with playwright-core, against a local stack. Through the console's forms it
 * opens an account and deposits, sees the balance and its chart change, looks up a past instant's balance, pages the
 * timeline, sees a live event arrive and a 422 explained in words (the script's checks); the screenshots are left in
 * {@code target/screenshots}. Skipped where node, Chromium or the npm packages ({@code npm ci} in interop/browser,
 * which .ci/run does) are absent.
 */
class ConsoleBrowserTest {
    private static final Path SCRIPT_DIR =
            Path.of("../interop/browser").toAbsolutePath().normalize();
    private static final Path CHROMIUM = Path.of(System.getProperty("kes.chromium", "/usr/bin/chromium"));
    private static final Path SCREENSHOTS = Path.of("target/screenshots").toAbsolutePath();
    private static final List<String> CHECKS = List.of(
            "history imported",
            "live tail connected",
            "opened account shown",
            "balance after deposit",
            "balance chart updated",
            "found by search",
            "422 explained in words",
            "balance at a past instant",
            "timeline second page",
            "monthly statements 2025",
            "live event arrived",
            "open account refreshed by it",
            "transfer out completed",
            "transfer in shown at the target",
            "done");

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theConsoleOpensDepositsLooksBackPagesAndTailsInABrowser(@TempDir final Path dataDir) throws Exception {
        assumeTrue(
                Files.isExecutable(CHROMIUM),
                CHROMIUM + " is not installed (Debian package chromium; .ci/run "
                        + "installs it): the console is not tested in a browser here");
        assumeTrue(
                Files.isDirectory(SCRIPT_DIR.resolve("node_modules/playwright-core")),
                "npm ci has not run in " + SCRIPT_DIR + " (.ci/run does): the console is not tested in a browser");
        assumeTrue(nodeRuns(), "node is not on the PATH: the console is not tested in a browser here");

        final int commandPort = FreePorts.port();
        final int queryPort = FreePorts.port();
        try (LocalStack stack =
                LocalStack.start(new LocalStackOptions(dataDir, FreePorts.kafkaPort(), commandPort, queryPort, 0))) {
            await().atMost(Duration.ofSeconds(90))
                    .ignoreExceptions()
                    .until(() -> ready(stack.commandPort()) && ready(stack.queryPort()) && ready(stack.transferPort()));
            final List<JsonNode> checks = run(dataDir, stack.consoleUrl(), "http://127.0.0.1:" + commandPort);
            assertThat(checks).extracting(check -> check.get("check").asText()).containsAll(CHECKS);
        }
        assertThat(SCREENSHOTS.resolve("console.png")).isNotEmptyFile();
        assertThat(SCREENSHOTS.resolve("03-refused.png")).isNotEmptyFile();
    }

    private boolean ready(final int port) throws IOException, InterruptedException {
        return http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                == 200;
    }

    /** The script's checks, one JSON object per line of its output; its failure fails the test with its output. */
    private List<JsonNode> run(final Path logDir, final String consoleUrl, final String commandUrl)
            throws IOException, InterruptedException {
        final Path out = logDir.resolve("console.out");
        final Path err = logDir.resolve("console.err");
        final ProcessBuilder builder = new ProcessBuilder(
                        "node", "console.mjs", consoleUrl, commandUrl, SCREENSHOTS.toString())
                .directory(SCRIPT_DIR.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().put("CHROMIUM", CHROMIUM.toString());
        final Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(
                    "console.mjs did not end in 5 minutes\n" + Files.readString(out) + Files.readString(err));
        }
        assertThat(process.exitValue())
                .as(() -> "console.mjs failed\n--- stdout\n" + read(out) + "--- stderr\n" + read(err))
                .isZero();
        final List<JsonNode> checks = new ArrayList<>();
        for (final String line : Files.readAllLines(out)) {
            if (line.startsWith("{")) {
                checks.add(json.readTree(line));
            }
        }
        return checks;
    }

    private static boolean nodeRuns() {
        try {
            return new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start()
                    .waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String read(final Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + e.getMessage() + ")";
        }
    }
}
