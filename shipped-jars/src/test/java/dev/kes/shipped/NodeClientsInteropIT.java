package dev.kes.shipped;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients no one here wrote, against local-stack.jar and its schema registry: kafkajs with Confluent's own
 * {@code @confluentinc/schemaregistry} decodes every event type from the events topic, field for field as es-admin
 * prints them, and produces OpenAccount and DepositMoney commands that the command service accepts, reading the
 * results back the same way. Runs in the {@code node-interop} profile (where {@code interop/node} is installed).
 */
class NodeClientsInteropIT {
    private static final String EVENTS = "account-events";
    private static final Pattern LINE =
            Pattern.compile("^(\\d+):(\\d+)  (\\S+)  (\\S+)  v(\\d+)  (\\w+)(?:  (.*?))?  eventId=(\\S+)$");
    private static final Pattern FIELD = Pattern.compile("(\\w+)=(.*?)(?= \\w+=|$)");

    @Test
    void nodeClientsReadEventsAndSendCommandsThroughTheRegistry(@TempDir final Path dir) throws Exception {
        final LocalStackPorts ports = LocalStackPorts.free();
        final int kafkaPort = ports.kafka();
        final int commandPort = ports.command();
        final int queryPort = ports.query();
        final int registryPort = ports.registry();
        final int transferPort = ports.transfer();
        final String bootstrap = "127.0.0.1:" + kafkaPort;
        final String registry = "http://127.0.0.1:" + registryPort;
        try (JarProcess stack = ports.start(dir)) {
            // every event type: opened, deposited, withdrawn, interest added, closed
            post(
                    commandPort,
                    "/accounts",
                    "{\"accountId\":\"node-1\",\"holder\":\"Ada Lovelace\"," + "\"initialDeposit\":\"100.00\"}",
                    201);
            post(commandPort, "/accounts/node-1/deposits", "{\"amount\":\"25.50\",\"description\":\"salary\"}", 200);
            post(
                    commandPort,
                    "/accounts/node-1/withdrawals",
                    "{\"amount\":\"10.00\",\"description\":\"rent due\"}",
                    200);
            post(commandPort, "/accounts/node-1/interest", "{\"amount\":\"1.25\"}", 200);
            post(
                    commandPort,
                    "/accounts",
                    "{\"accountId\":\"node-2\",\"holder\":\"Grace\"," + "\"initialDeposit\":\"0.00\"}",
                    201);
            post(commandPort, "/accounts/node-2/close", "{}", 200);

            final Map<String, Map<String, String>> printed = esAdminEvents(dir, bootstrap, registry, 6);
            final List<JsonNode> decoded = NodeScript.run(dir, "decode-events.mjs", bootstrap, registry, EVENTS, "6");
            assertThat(decoded).hasSize(6);
            assertThat(decoded)
                    .extracting(node -> node.get("type").asText())
                    .containsExactlyInAnyOrder(
                            "AccountOpened",
                            "MoneyDeposited",
                            "MoneyWithdrawn",
                            "InterestAdded",
                            "AccountOpened",
                            "AccountClosed");
            for (final JsonNode event : decoded) {
                final String at = event.get("partition").asInt() + ":"
                        + event.get("offset").asLong();
                final Map<String, String> admin = printed.get(at);
                assertThat(admin).as("es-admin printed the event at " + at).isNotNull();
                final JsonNode value = event.get("value");
                assertThat(event.get("type").asText()).isEqualTo(admin.get("type"));
                assertThat(Instant.parse(value.get("occurredAt").asText()))
                        .isEqualTo(Instant.parse(admin.get("occurredAt")));
                admin.forEach((field, text) -> {
                    if (!field.equals("type") && !field.equals("occurredAt")) {
                        assertThat(value.get(field)).as(at + " " + field).isNotNull();
                        assertThat(value.get(field).asText())
                                .as(at + " " + field)
                                .isEqualTo(text);
                    }
                });
            }

            final List<JsonNode> results = NodeScript.run(
                    dir,
                    "send-commands.mjs",
                    bootstrap,
                    registry,
                    "account-commands",
                    "account-command-results",
                    "node-3");
            assertThat(results).hasSize(2);
            assertThat(results)
                    .allSatisfy(result -> assertThat(result.get("outcome").asText())
                            .as(result.toString())
                            .isEqualTo("ACCEPTED"));
            assertThat(results)
                    .extracting(result -> result.get("commandId").asText())
                    .containsExactlyInAnyOrder("node-3-open", "node-3-deposit");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                final HttpResponse<String> account = LocalHttp.get(queryPort, "/accounts/node-3");
                assertThat(account.statusCode()).as(account.body()).isEqualTo(200);
                assertThat(account.body()).contains("\"balance\":\"42.50\"").contains("\"version\":2");
            });
        }
    }

    /** es-admin's {@code events} lines, by partition:offset: the envelope and each domain field as printed. */
    private static Map<String, Map<String, String>> esAdminEvents(
            final Path dir, final String bootstrap, final String registry, final int expected) {
        final Map<String, Map<String, String>> events = new HashMap<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            final JarProcess.Run run = JarProcess.run(
                    JarProcess.jar("es-admin"),
                    dir,
                    "--bootstrap",
                    bootstrap,
                    "--schema-registry-url",
                    registry,
                    "events");
            assertThat(run.exitCode()).as(run.toString()).isZero();
            events.clear();
            for (final String line : run.out().split("\n")) {
                final Matcher m = LINE.matcher(line);
                if (!m.matches()) {
                    continue;
                }
                final Map<String, String> fields = new LinkedHashMap<>();
                fields.put("occurredAt", m.group(3));
                fields.put("accountId", m.group(4));
                fields.put("version", m.group(5));
                fields.put("type", m.group(6));
                fields.put("eventId", m.group(8));
                if (m.group(7) != null) {
                    final Matcher field = FIELD.matcher(m.group(7));
                    while (field.find()) {
                        fields.put(field.group(1), field.group(2));
                    }
                }
                events.put(m.group(1) + ":" + m.group(2), fields);
            }
            assertThat(events).as(run.toString()).hasSize(expected);
        });
        return events;
    }

    private void post(final int port, final String path, final String body, final int status) throws Exception {
        final HttpResponse<String> response = LocalHttp.post(port, path, body);
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(status);
    }
}
