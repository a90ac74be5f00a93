package dev.kes.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.client.command.CommandClient;
import dev.kes.command.testing.HttpTestClient;
import dev.kes.command.testing.TestServices;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import dev.kes.schemas.command.DepositMoney;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.result.Outcome;
import dev.kes.service.kafka.TopicNames;
import dev.kes.service.metrics.MetricsScrape;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} of a command service on a real broker: decisions counted by the processor whether the command
 * came over HTTP or straight from Kafka, conflicts, retries, the dead-letter count, the HTTP latency histogram, HTTP
 * requests by route and status, and the Kafka Streams and JVM series.
 */
@WithKafka
class MetricsTest {
    private static final String ACCOUNT = "metrics-1";

    @Test
    void theSeriesCountWhatHappened(final KafkaTestCluster kafka, @TempDir final Path state) throws Exception {
        final Map<String, String> config = TestServices.config(kafka, "metrics", state);
        final TopicNames topics = TestServices.topics(config);
        try (CommandService service = TestServices.startReady(config)) {
            final HttpTestClient http = TestServices.http(service);
            final String open = "{\"accountId\":\"" + ACCOUNT + "\",\"holder\":\"Meter\",\"initialDeposit\":\"10\"}";
            assertThat(http.postJson("/accounts", open, "Idempotency-Key", "metrics-open")
                            .statusCode())
                    .isEqualTo(201);
            // a retry: answered from the dedupe store
            assertThat(http.postJson("/accounts", open, "Idempotency-Key", "metrics-open")
                            .statusCode())
                    .isEqualTo(201);
            final HttpResponse<String> conflict =
                    http.postJson("/accounts/" + ACCOUNT + "/deposits", "{\"amount\":\"1\"}", "If-Match", "\"7\"");
            assertThat(conflict.statusCode()).isEqualTo(409);
            assertThat(http.postJson("/accounts/" + ACCOUNT + "/withdrawals", "{\"amount\":\"1000\"}")
                            .statusCode())
                    .isEqualTo(422);
            assertThat(http.postJson("/accounts/" + ACCOUNT + "/deposits", "{\"amount\":\"-1\"}")
                            .statusCode())
                    .isEqualTo(400);
            depositThroughKafka(kafka, topics);
            produceGarbage(kafka, topics);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                final MetricsScrape metrics = scrape(http);
                assertThat(metrics.valueOrZero("kes_commands_accepted_total", "type", "OpenAccount"))
                        .isEqualTo(1);
                assertThat(metrics.valueOrZero("kes_commands_accepted_total", "type", "DepositMoney"))
                        .as("the deposit that came straight from Kafka")
                        .isEqualTo(1);
                assertThat(metrics.valueOrZero("kes_commands_duplicates_total", "type", "OpenAccount"))
                        .isEqualTo(1);
                assertThat(metrics.valueOrZero(
                                "kes_commands_rejected_total", "type", "DepositMoney", "reason", "conflict"))
                        .isEqualTo(1);
                assertThat(metrics.valueOrZero("kes_commands_conflicts_total", "type", "DepositMoney"))
                        .isEqualTo(1);
                assertThat(metrics.valueOrZero(
                                "kes_commands_rejected_total", "type", "WithdrawMoney", "reason", "insufficient_funds"))
                        .isEqualTo(1);
                assertThat(metrics.valueOrZero("kes_dlq_records_total", "error_class", "MalformedRecordException"))
                        .isEqualTo(1);
            });

            final MetricsScrape metrics = scrape(http);
            // the latency of HTTP commands, per type and outcome; the invalid amount never reached Kafka
            assertThat(metrics.valueOrZero(
                            "kes_command_duration_seconds_count", "type", "OpenAccount", "outcome", "accepted"))
                    .isEqualTo(2);
            assertThat(metrics.valueOrZero(
                            "kes_command_duration_seconds_bucket",
                            "type",
                            "OpenAccount",
                            "outcome",
                            "accepted",
                            "le",
                            "+Inf"))
                    .isEqualTo(2);
            assertThat(metrics.value(
                            "kes_command_duration_seconds_bucket",
                            "type",
                            "OpenAccount",
                            "outcome",
                            "accepted",
                            "le",
                            "0.1"))
                    .isPresent();
            assertThat(metrics.valueOrZero(
                            "kes_command_duration_seconds_count", "type", "DepositMoney", "outcome", "rejected"))
                    .isEqualTo(1);
            assertThat(metrics.valueOrZero(
                            "kes_command_duration_seconds_count", "type", "WithdrawMoney", "outcome", "rejected"))
                    .isEqualTo(1);
            assertThat(metrics.valueOrZero(
                            "kes_command_duration_seconds_sum", "type", "OpenAccount", "outcome", "accepted"))
                    .isPositive();
            // HTTP requests by route template and status
            assertThat(metrics.value(
                            "kes_http_requests_seconds_bucket",
                            "method",
                            "POST",
                            "route",
                            "/accounts",
                            "status",
                            "201",
                            "le",
                            "0.1"))
                    .isPresent();
            assertThat(metrics.valueOrZero(
                            "kes_http_requests_seconds_count", "method", "POST", "route", "/accounts", "status", "201"))
                    .isEqualTo(2);
            assertThat(metrics.valueOrZero(
                            "kes_http_requests_seconds_count",
                            "method",
                            "POST",
                            "route",
                            "/accounts/{id}/deposits",
                            "status",
                            "409"))
                    .isEqualTo(1);
            assertThat(metrics.valueOrZero(
                            "kes_http_requests_seconds_count",
                            "method",
                            "POST",
                            "route",
                            "/accounts/{id}/deposits",
                            "status",
                            "400"))
                    .isEqualTo(1);
            assertThat(metrics.valueOrZero(
                            "kes_http_requests_seconds_count",
                            "method",
                            "POST",
                            "route",
                            "/accounts/{id}/withdrawals",
                            "status",
                            "422"))
                    .isEqualTo(1);
            // Kafka Streams (threads, tasks, clients) and the JVM
            assertThat(metrics.hasSeriesStartingWith("kafka_stream_thread_process_total"))
                    .as(metrics.text())
                    .isTrue();
            assertThat(metrics.hasSeriesStartingWith("kafka_consumer_")).isTrue();
            assertThat(metrics.hasSeriesStartingWith("jvm_memory_used_bytes")).isTrue();
            assertThat(metrics.hasSeriesStartingWith("jvm_gc_")).isTrue();
        }
    }

    private static MetricsScrape scrape(final HttpTestClient http) throws Exception {
        final HttpResponse<String> response = http.get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        return MetricsScrape.parse(response.body());
    }

    /** A command that never touches HTTP: the processor counts it all the same. */
    private static void depositThroughKafka(final KafkaTestCluster kafka, final TopicNames topics) throws Exception {
        try (CommandClient client = CommandClient.builder()
                .kafka(kafka.clientProperties())
                .topics(topics.commands(), topics.results())
                .build()) {
            final DepositMoney deposit = DepositMoney.newBuilder()
                    .setCommandId("metrics-kafka-deposit")
                    .setAccountId(ACCOUNT)
                    .setExpectedVersion(null)
                    .setOccurredAt(null)
                    .setMetadata(Metadata.newBuilder().build())
                    .setAmount(new BigDecimal("2.50"))
                    .setDescription(null)
                    .build();
            assertThat(client.submit(deposit).get(30, TimeUnit.SECONDS).getOutcome())
                    .isEqualTo(Outcome.ACCEPTED);
        }
    }

    private static void produceGarbage(final KafkaTestCluster kafka, final TopicNames topics) throws Exception {
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            topics.commands(), ACCOUNT, "not a command".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
        }
    }
}
