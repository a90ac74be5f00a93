package dev.kes.shipped;

import static dev.kes.shipped.LocalHttp.get;
import static dev.kes.shipped.LocalHttp.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * command-service.jar, projection-service.jar, transfer-manager.jar and es-admin.jar as shipped, against the test
 * cluster: the services start and become ready, a command is accepted and the query for it answered; es-admin builds a
 * new projection generation in bulk, whose instance answers alike and takes the traffic (cutover); es-admin archives
 * the history the command imported, reads it back from the archive and verifies the snapshots with it, each run
 * exiting 0 with no stack trace.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceJarsIT {
    private static final String ACCOUNT = "shipped-1";

    private KafkaTestCluster kafka;
    private Path dir;
    private String prefix;
    private int commandPort;
    private int queryPort;
    private JarProcess commands;
    private JarProcess queries;
    private JarProcess transfers;

    @BeforeAll
    void start(final KafkaTestCluster cluster, @TempDir final Path tmp) throws Exception {
        kafka = cluster;
        dir = tmp;
        prefix = TestNames.unique("shipped");
        commandPort = JarProcess.freePort();
        queryPort = JarProcess.freePort();
        final int transferPort = JarProcess.freePort();
        final Map<String, String> command = service("command", commandPort);
        command.put("KES_ALLOW_OCCURRED_AT", "true"); // the history below is an import
        final Map<String, String> query = service("projection", queryPort);
        query.put("KES_NUM_STANDBY_REPLICAS", "0");
        commands = JarProcess.start(
                JarProcess.jar("command-service"), "-Xmx384m", command, dir.resolve("command-service.log"));
        queries = JarProcess.start(
                JarProcess.jar("projection-service"), "-Xmx384m", query, dir.resolve("projection-service.log"));
        final Map<String, String> transfer = service("transfer", transferPort);
        transfer.put("KES_TOPIC_TRANSFER_DLQ", topic("transfer-manager-dlq"));
        transfers = JarProcess.start(
                JarProcess.jar("transfer-manager"), "-Xmx256m", transfer, dir.resolve("transfer-manager.log"));
        commands.awaitReady(commandPort);
        queries.awaitReady(queryPort);
        transfers.awaitReady(transferPort);
    }

    @AfterAll
    void stop() {
        for (final JarProcess process : new JarProcess[] {transfers, queries, commands}) {
            if (process != null) {
                process.terminate();
            }
        }
        for (final JarProcess process : new JarProcess[] {transfers, queries, commands}) {
            if (process != null) {
                process.close();
            }
        }
    }

    @Test
    @Order(1)
    void theServicesAcceptACommandAndAnswerTheQueryForIt() throws Exception {
        final HttpResponse<String> open = post(
                commandPort,
                "/accounts",
                "{\"accountId\":\"" + ACCOUNT
                        + "\",\"holder\":\"Ada\",\"initialDeposit\":\"100\",\"occurredAt\":\"2025-01-10T00:00:00Z\"}");
        assertThat(open.statusCode()).as(open.body()).isEqualTo(201);
        assertThat(open.headers().firstValue("Location")).hasValue("/accounts/" + ACCOUNT);
        for (final String occurredAt : List.of("2025-02-10T00:00:00Z", "2025-08-10T00:00:00Z")) {
            final HttpResponse<String> deposit = post(
                    commandPort,
                    "/accounts/" + ACCOUNT + "/deposits",
                    "{\"amount\":\"10\",\"occurredAt\":\"" + occurredAt + "\"}");
            assertThat(deposit.statusCode()).as(deposit.body()).isEqualTo(200);
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            final HttpResponse<String> account = get(queryPort, "/accounts/" + ACCOUNT);
            assertThat(account.statusCode()).as(account.body()).isEqualTo(200);
            assertThat(account.body()).contains("\"version\":3").contains("\"balance\":\"120.00\"");
        });
    }

    /** The README's rebuild flow with --bulk: es-admin builds generation g2, its shipped instance restores and serves. */
    @Test
    @Order(2)
    void esAdminBuildsANewGenerationInBulkThatServesTheSameAnswers() throws Exception {
        final JarProcess.Run start = rebuild("start", "--bulk");
        assertThat(start.exitCode()).as(start.toString()).isZero();
        assertNoStackTrace(start);
        assertThat(start.out()).contains("built 3 event(s)").contains("Done: start the instances");

        final int port = JarProcess.freePort();
        final Map<String, String> env = service("projection", port);
        env.put("KES_NUM_STANDBY_REPLICAS", "0");
        env.put("KES_PROJECTION_GENERATION", "g2");
        env.put("KES_STATE_DIR", dir.resolve("projection-g2-state").toString());
        final JarProcess g2 = JarProcess.start(
                JarProcess.jar("projection-service"), "-Xmx384m", env, dir.resolve("projection-g2.log"));
        try {
            g2.awaitReady(port);
            for (final String path : List.of(
                    "/accounts/" + ACCOUNT,
                    "/accounts/" + ACCOUNT + "/events?fromVersion=1",
                    "/accounts/" + ACCOUNT + "/monthly-snapshots?year=2025",
                    "/accounts/" + ACCOUNT + "/balance?at=2025-03-01T00:00:00Z")) {
                final HttpResponse<String> rebuilt = get(port, path);
                assertThat(rebuilt.statusCode()).as(path + " " + rebuilt.body()).isEqualTo(200);
                assertThat(rebuilt.body())
                        .as(path)
                        .isEqualTo(get(queryPort, path).body());
            }
            final JarProcess.Run cutover = rebuild("cutover");
            assertThat(cutover.exitCode()).as(cutover.toString()).isZero();
            assertNoStackTrace(cutover);
        } finally {
            g2.terminate();
            g2.close();
        }
    }

    @Test
    @Order(3)
    void esAdminArchivesTheHistoryAndReadsItBack() throws Exception {
        final Path esAdmin = JarProcess.jar("es-admin");
        final String archive = dir.resolve("archive").toString();

        final JarProcess.Run archived = JarProcess.run(
                esAdmin,
                dir,
                "archive",
                "--bootstrap",
                kafka.bootstrapServers(),
                "--events-topic",
                topic("account-events"),
                "--before",
                "2025-07-01",
                "--archive",
                archive);
        assertThat(archived.exitCode()).as(archived.toString()).isZero();
        assertNoStackTrace(archived);
        assertThat(archived.out()).containsPattern("log start 0 -> [1-9]").contains("Done.");

        final JarProcess.Run events = JarProcess.run(
                esAdmin,
                dir,
                "events",
                "--bootstrap",
                kafka.bootstrapServers(),
                "--events-topic",
                topic("account-events"),
                "--account",
                ACCOUNT,
                "--archive",
                archive);
        assertThat(events.exitCode()).as(events.toString()).isZero();
        assertNoStackTrace(events);
        final List<String> lines = events.out().lines().toList();
        assertThat(lines).as(events.toString()).hasSize(3);
        assertThat(lines.get(0)).contains(ACCOUNT + "  v1  AccountOpened").endsWith("[archive]");
        assertThat(lines.get(1)).contains(ACCOUNT + "  v2  MoneyDeposited").endsWith("[archive]");
        assertThat(lines.get(2)).contains(ACCOUNT + "  v3  MoneyDeposited").doesNotEndWith("[archive]");

        final JarProcess.Run verify = JarProcess.run(
                esAdmin,
                dir,
                "verify-snapshots",
                "--bootstrap",
                kafka.bootstrapServers(),
                "--application-id",
                prefix + "-command",
                "--events-topic",
                topic("account-events"),
                "--archive",
                archive);
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertNoStackTrace(verify);
        assertThat(verify.out()).contains("OK: the 1 snapshot(s) match the events.");
    }

    /** What an operator sees when a service cannot start: one line saying why, and the exit status. */
    @Test
    @Order(4)
    void aServiceThatCannotStartSaysWhyInOneLine() throws Exception {
        final Map<String, String> noKey = service("projection-nokey", JarProcess.freePort());
        noKey.remove("KES_PERSONAL_KEK_ENV");
        final JarProcess.Run withoutKey = JarProcess.run(JarProcess.jar("projection-service"), dir, noKey);
        assertThat(withoutKey.exitCode()).as(withoutKey.toString()).isEqualTo(1);
        assertThat(withoutKey.err().strip())
                .as(withoutKey.toString())
                .startsWith("projection-service: cannot start: no key-encryption key")
                .doesNotContain("\n");
        assertNoStackTrace(withoutKey);

        final Map<String, String> badPort = service("command-badport", JarProcess.freePort());
        badPort.put("KES_HTTP_PORT", "eighty");
        final JarProcess.Run misconfigured = JarProcess.run(JarProcess.jar("command-service"), dir, badPort);
        assertThat(misconfigured.exitCode()).as(misconfigured.toString()).isEqualTo(2);
        assertThat(misconfigured.err().strip())
                .as(misconfigured.toString())
                .startsWith("command-service: ")
                .contains("eighty")
                .doesNotContain("\n");
        assertNoStackTrace(misconfigured);
    }

    /** es-admin.jar's {@code projection rebuild STEP} of generation g2 of this test's projection. */
    private JarProcess.Run rebuild(final String step, final String... options) throws Exception {
        final List<String> args = new ArrayList<>(List.of(
                "projection",
                "rebuild",
                step,
                "--bootstrap",
                kafka.bootstrapServers(),
                "--events-topic",
                topic("account-events"),
                "--application-id",
                prefix + "-projection",
                "--generation",
                "g2"));
        args.addAll(List.of(options));
        return JarProcess.run(JarProcess.jar("es-admin"), dir, args.toArray(String[]::new));
    }

    private static void assertNoStackTrace(final JarProcess.Run run) {
        assertThat(run.err())
                .as(run.toString())
                .doesNotContain("Exception")
                .doesNotContain("Error:")
                .doesNotContainPattern("\\n\\s+at ");
    }

    private Map<String, String> service(final String name, final int port) {
        return ServiceEnv.of(kafka.bootstrapServers(), prefix, dir, name, port);
    }

    private String topic(final String name) {
        return ServiceEnv.topic(prefix, name);
    }
}
