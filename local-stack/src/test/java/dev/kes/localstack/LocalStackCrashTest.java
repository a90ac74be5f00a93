package dev.kes.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack as a user runs it, in its own JVM: acknowledged writes survive a kill -9 of the whole
 * process (broker included), and SIGTERM stops it cleanly.
 */
class LocalStackCrashTest {
    private final ObjectMapper json = new ObjectMapper();
    private Process stack;

    @AfterEach
    void stopStack() throws InterruptedException {
        if (stack != null && stack.isAlive()) {
            stack.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void acknowledgedEventsSurviveKillNineAndRestart(@TempDir final Path dataDir) throws Exception {
        final int kafkaPort = FreePorts.kafkaPort();
        final int commandPort = FreePorts.port();
        final int queryPort = FreePorts.port();
        final HttpTestClient commands = new HttpTestClient(commandPort);
        final HttpTestClient queries = new HttpTestClient(queryPort);

        stack = launch(dataDir, kafkaPort, commandPort, queryPort);
        awaitReady(commands, queries);
        assertThat(commands.postJson(
                                "/accounts",
                                "{\"accountId\":\"crash-1\",\"holder\":\"Ada\",\"initialDeposit\":\"10.00\"}")
                        .statusCode())
                .isEqualTo(201);
        for (int i = 1; i <= 5; i++) {
            final HttpResponse<String> deposit = commands.postJson(
                    "/accounts/crash-1/deposits", "{\"amount\":\"1.25\"}", "Idempotency-Key", "crash-dep-" + i);
            assertThat(deposit.statusCode()).as(deposit.body()).isEqualTo(200);
        }

        stack.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        stack = launch(dataDir, kafkaPort, commandPort, queryPort);
        awaitReady(commands, queries);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            final HttpResponse<String> account = queries.get("/accounts/crash-1");
            assertThat(account.statusCode()).isEqualTo(200);
            assertThat(json.readTree(account.body()).get("version").asLong()).isEqualTo(6);
            assertThat(json.readTree(account.body()).get("balance").asText()).isEqualTo("16.25");
        });
        final JsonNode retried = json.readTree(commands.postJson(
                        "/accounts/crash-1/deposits", "{\"amount\":\"1.25\"}", "Idempotency-Key", "crash-dep-5")
                .body());
        assertThat(retried.get("version").asLong()).isEqualTo(6);
        final JsonNode next = json.readTree(commands.postJson("/accounts/crash-1/deposits", "{\"amount\":\"1.00\"}")
                .body());
        assertThat(next.get("version").asLong()).isEqualTo(7);
        assertThat(next.get("balance").asText()).isEqualTo("17.25");

        stack.destroy();
        assertThat(stack.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    }

    private static Process launch(final Path dataDir, final int kafkaPort, final int commandPort, final int queryPort)
            throws IOException {
        final String java =
                Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(
                        java,
                        "-Xmx512m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        LocalStack.class.getName(),
                        "--data-dir",
                        dataDir.toString(),
                        "--kafka-port",
                        String.valueOf(kafkaPort),
                        "--command-port",
                        String.valueOf(commandPort),
                        "--query-port",
                        String.valueOf(queryPort),
                        "--transfer-port",
                        "0"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dataDir.resolve("stack.log").toFile()))
                .start();
    }

    private void awaitReady(final HttpTestClient commands, final HttpTestClient queries) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    assertThat(stack.isAlive()).as("local stack process alive").isTrue();
                    assertThat(commands.get("/health/ready").statusCode()).isEqualTo(200);
                    assertThat(queries.get("/health/ready").statusCode()).isEqualTo(200);
                });
    }
}
