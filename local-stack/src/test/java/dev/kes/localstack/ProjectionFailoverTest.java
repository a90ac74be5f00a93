package dev.kes.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.command.CommandService;
import dev.kes.command.CommandServiceConfig;
import dev.kes.kafka.test.ChildJvm;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.projection.ProjectionService;
import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.projection.ProjectionServiceMain;
import dev.kes.service.kafka.TopicNames;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two projection instances (one standby copy of every store): one goes away (closed, or {@code kill -9} of its
 * process), the other answers every account's query with the same values and keeps projecting new events; the
 * first comes back on its state dir, becomes ready and answers with the same values.
 */
@WithKafka
class ProjectionFailoverTest {
    private static final int ACCOUNTS = 9;
    private final ObjectMapper json = new ObjectMapper();

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theSurvivorAnswersForEveryAccountAndTheReturningInstanceCatchesUp(
            final KafkaTestCluster kafka, @TempDir final Path state) throws Exception {
        final Setup setup = new Setup(kafka, state);
        try (CommandService commands = CommandService.start(CommandServiceConfig.of(setup.commandConfig));
                ProjectionService a = ProjectionService.start(ProjectionServiceConfig.of(setup.configA))) {
            ProjectionService b = ProjectionService.start(ProjectionServiceConfig.of(setup.configB));
            try {
                final HttpTestClient commandApi = new HttpTestClient(commands.httpPort());
                final HttpTestClient queryA = new HttpTestClient(a.httpPort());
                awaitReady(commandApi, queryA, new HttpTestClient(b.httpPort()));
                final Map<String, BigDecimal> expected = openAccounts(commandApi);
                awaitAnswers(queryA, expected, 1);
                awaitAnswers(new HttpTestClient(b.httpPort()), expected, 1);

                b.close();
                survivorAnswersAndProjects(commandApi, queryA, expected);

                b = ProjectionService.start(ProjectionServiceConfig.of(setup.configB));
                final HttpTestClient queryB = new HttpTestClient(b.httpPort());
                awaitReady(queryB);
                awaitAnswers(queryB, expected, 2);
                awaitAnswers(queryA, expected, 2);
            } finally {
                b.close();
            }
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theSurvivorAnswersAfterAKillAndTheRestartedProcessCatchesUp(
            final KafkaTestCluster kafka, @TempDir final Path state) throws Exception {
        final Setup setup = new Setup(kafka, state);
        final int portB = ChildJvm.freePort();
        final HttpTestClient queryB = new HttpTestClient(portB);
        try (CommandService commands = CommandService.start(CommandServiceConfig.of(setup.commandConfig));
                ProjectionService a = ProjectionService.start(ProjectionServiceConfig.of(setup.configA))) {
            Process b = startChild(setup.configB, portB, state.resolve("b-1.log"));
            try {
                final HttpTestClient commandApi = new HttpTestClient(commands.httpPort());
                final HttpTestClient queryA = new HttpTestClient(a.httpPort());
                awaitReady(commandApi, queryA, queryB);
                final Map<String, BigDecimal> expected = openAccounts(commandApi);
                awaitAnswers(queryA, expected, 1);
                awaitAnswers(queryB, expected, 1);

                b.destroyForcibly();
                assertThat(b.waitFor(30, TimeUnit.SECONDS)).isTrue();
                survivorAnswersAndProjects(commandApi, queryA, expected);

                b = startChild(setup.configB, portB, state.resolve("b-2.log"));
                awaitReady(queryB);
                awaitAnswers(queryB, expected, 2);
                awaitAnswers(queryA, expected, 2);
            } finally {
                b.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Topics and application ids of their own; projection instances A and B differ only in their state dirs. */
    private static final class Setup {
        final Map<String, String> commandConfig;
        final Map<String, String> configA;
        final Map<String, String> configB;

        Setup(final KafkaTestCluster kafka, final Path state) {
            final String prefix = TestNames.unique("proj-failover");
            final TopicNames topics = TopicNames.prefixed(prefix);
            final Map<String, String> common = RunningServices.commonConfig(kafka, topics, state);
            commandConfig = new HashMap<>(common);
            commandConfig.putAll(Map.of(
                    "application.id",
                    prefix + "-commands",
                    "state.dir",
                    state.resolve("commands").toString()));
            configA = new HashMap<>(common);
            configA.putAll(Map.of(
                    "application.id",
                    prefix + "-projection",
                    "num.standby.replicas",
                    "1",
                    "state.dir",
                    state.resolve("projection-a").toString()));
            configB = new HashMap<>(configA);
            configB.put("state.dir", state.resolve("projection-b").toString());
        }
    }

    private static Map<String, BigDecimal> openAccounts(final HttpTestClient commandApi) {
        final Map<String, BigDecimal> expected = new LinkedHashMap<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            final String accountId = "pf-acc-" + i;
            final HttpResponse<String> opened = commandApi.postJson(
                    "/accounts",
                    "{\"accountId\":\"" + accountId + "\",\"holder\":\"Holder " + i + "\",\"initialDeposit\":\""
                            + (10 + i) + ".25\"}");
            assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
            expected.put(accountId, new BigDecimal((10 + i) + ".25"));
        }
        return expected;
    }

    /** A alone answers every account, also those B was active for, and projects what happens from now on. */
    private void survivorAnswersAndProjects(
            final HttpTestClient commandApi, final HttpTestClient queryA, final Map<String, BigDecimal> expected) {
        awaitAnswers(queryA, expected, 1);
        for (final String accountId : expected.keySet()) {
            final HttpResponse<String> deposited =
                    commandApi.postJson("/accounts/" + accountId + "/deposits", "{\"amount\":\"1.50\"}");
            assertThat(deposited.statusCode()).as(deposited.body()).isEqualTo(200);
            expected.merge(accountId, new BigDecimal("1.50"), BigDecimal::add);
        }
        awaitAnswers(queryA, expected, 2);
    }

    private static void awaitReady(final HttpTestClient... apis) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            for (final HttpTestClient api : apis) {
                assertThat(api.get("/health/ready").statusCode()).isEqualTo(200);
            }
        });
    }

    /** Every account is answered (from this instance or forwarded by it) with its expected balance and version. */
    private void awaitAnswers(final HttpTestClient api, final Map<String, BigDecimal> expected, final long version) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    for (final Map.Entry<String, BigDecimal> account : expected.entrySet()) {
                        final HttpResponse<String> answer = api.get("/accounts/" + account.getKey());
                        assertThat(answer.statusCode())
                                .as(account.getKey() + ": " + answer.body())
                                .isEqualTo(200);
                        final JsonNode view = json.readTree(answer.body());
                        assertThat(new BigDecimal(view.get("balance").asText()))
                                .as(account.getKey())
                                .isEqualByComparingTo(account.getValue());
                        assertThat(view.get("version").asLong())
                                .as(account.getKey())
                                .isEqualTo(version);
                    }
                });
    }

    /** A projection-service process ({@link ProjectionServiceMain}) with this configuration on a fixed port. */
    private static Process startChild(final Map<String, String> config, final int port, final Path log)
            throws IOException {
        // the projection's own keys only: the setup also names the command service's topics
        final Map<String, String> child = new HashMap<>();
        for (final String key : List.of(
                "kafka.bootstrap.servers",
                "application.id",
                "topic.events",
                "topic.personal.keys",
                "personal.kek.file",
                "topic.partitions",
                "num.standby.replicas",
                "state.dir")) {
            child.put(key, config.get(key));
        }
        child.put("http.port", String.valueOf(port));
        final Process process = ChildJvm.start(ProjectionServiceMain.class, child, log);
        if (!process.isAlive() && Files.exists(log)) {
            throw new IllegalStateException("exited at once: " + Files.readString(log));
        }
        return process;
    }
}
