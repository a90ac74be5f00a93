package dev.kes.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.localstack.ops.OpsKit;
import dev.kes.localstack.ops.PromQlSelectors;
import dev.kes.localstack.ops.ScrapedSamples;
import dev.kes.service.kafka.TopicNames;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every series the alert rules and the dashboard panels of ops/ select exists in {@code GET /metrics} of a running
 * local stack, with the labels and label values the selectors name: a renamed metric, a misspelt label or a rejection
 * code that does not exist would leave a panel empty or an alert silent forever. The stack gets a little of
 * everything first (a rejection, a conflict, a retry, a transfer, poison records for both dead-letter topics), since
 * the labelled kes_* counters appear with their first increment.
 */
class OpsKitMetricsTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everySeriesTheAlertsAndTheDashboardSelectIsExportedByTheServices(@TempDir final Path dataDir)
            throws Exception {
        final Map<String, List<PromQlSelectors.Selector>> selectors = new LinkedHashMap<>();
        OpsKit.expressions().forEach((where, expr) -> selectors.put(where, PromQlSelectors.of(expr)));
        assertThat(selectors.values())
                .as("every expression selects a series")
                .allSatisfy(list -> assertThat(list).isNotEmpty());

        try (LocalStack stack = LocalStack.start(new LocalStackOptions(dataDir, FreePorts.kafkaPort(), 0, 0, 0))) {
            final HttpTestClient commands = new HttpTestClient(stack.commandPort());
            final List<HttpTestClient> services =
                    List.of(commands, new HttpTestClient(stack.queryPort()), new HttpTestClient(stack.transferPort()));
            await().atMost(Duration.ofSeconds(90))
                    .ignoreExceptions()
                    .untilAsserted(() -> assertThat(services)
                            .allSatisfy(service -> assertThat(
                                            service.get("/health/ready").statusCode())
                                    .isEqualTo(200)));

            drive(commands);
            poisonRecords(stack.bootstrapServers());

            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        final ScrapedSamples scraped = new ScrapedSamples();
                        for (final HttpTestClient service : services) {
                            final HttpResponse<String> metrics = service.get("/metrics");
                            assertThat(metrics.statusCode()).isEqualTo(200);
                            scraped.add(metrics.body());
                        }
                        final List<String> problems = new ArrayList<>();
                        selectors.forEach((where, list) -> list.forEach(selector -> {
                            final String mismatch = scraped.mismatch(selector);
                            if (mismatch != null) {
                                problems.add(where + ": " + mismatch);
                            }
                        }));
                        assertThat(problems)
                                .as("selectors of ops/ with no series in /metrics")
                                .isEmpty();
                    });
        }
    }

    /** A little of every outcome, through the HTTP API as a user would. */
    private void drive(final HttpTestClient commands) throws Exception {
        assertThat(commands.postJson(
                                "/accounts",
                                "{\"accountId\":\"ops-a\",\"holder\":\"Ada\",\"initialDeposit\":\"100.00\"}")
                        .statusCode())
                .isEqualTo(201);
        assertThat(commands.postJson(
                                "/accounts", "{\"accountId\":\"ops-b\",\"holder\":\"Bob\",\"initialDeposit\":\"0\"}")
                        .statusCode())
                .isEqualTo(201);
        assertThat(commands.postJson("/accounts/ops-b/withdrawals", "{\"amount\":\"50\"}")
                        .statusCode())
                .isEqualTo(422);
        assertThat(commands.postJson("/accounts/ops-a/deposits", "{\"amount\":\"1\"}", "If-Match", "\"9\"")
                        .statusCode())
                .isEqualTo(409);
        for (int i = 0; i < 2; i++) {
            assertThat(commands.postJson(
                                    "/accounts/ops-a/deposits",
                                    "{\"amount\":\"1\"}",
                                    "Idempotency-Key",
                                    "ops-deposit-1")
                            .statusCode())
                    .isEqualTo(200);
        }
        final HttpResponse<String> transfer = commands.postJson(
                "/transfers", "{\"fromAccountId\":\"ops-a\",\"toAccountId\":\"ops-b\",\"amount\":\"5.00\"}");
        assertThat(transfer.statusCode()).as(transfer.body()).isEqualTo(202);
        assertThat(json.readTree(transfer.body()).get("transferId").asText()).isNotBlank();
    }

    /**
     * Records no service can read: on account-commands (the command processor's DLQ) and on account-events (the
     * transfer manager's DLQ, the projection's malformed count), plus an event of a schema no build knows.
     */
    private static void poisonRecords(final String bootstrap) throws Exception {
        final Map<String, Object> props =
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
        // Avro single-object encoding (C3 01) with a schema fingerprint that matches no schema
        final byte[] unknownSchema = {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0};
        final byte[] garbage = {0x7f, 0x00, 0x13};
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(TopicNames.COMMANDS, "ops-a", garbage))
                    .get();
            producer.send(new ProducerRecord<>(TopicNames.EVENTS, "ops-a", garbage))
                    .get();
            producer.send(new ProducerRecord<>(TopicNames.EVENTS, "ops-a", unknownSchema))
                    .get();
        }
    }
}
