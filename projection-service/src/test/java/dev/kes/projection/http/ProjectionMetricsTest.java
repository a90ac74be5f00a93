package dev.kes.projection.http;

import static dev.kes.projection.topology.TestEvents.deposited;
import static dev.kes.projection.topology.TestEvents.opened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.projection.ProjectionService;
import dev.kes.projection.topology.StoreNames;
import dev.kes.service.kafka.TopicNames;
import dev.kes.service.metrics.MetricsScrape;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} of a projection service on a real broker, fed a redelivered event, a version gap, an event of
 * an unknown type and a record that is not an event: every read model's counters, the lag per partition of the
 * events topic, HTTP requests by route and status, and the Kafka Streams and JVM series.
 */
@WithKafka
class ProjectionMetricsTest {
    private static final int PARTITIONS = 3;
    private static final Instant T = Instant.parse("2025-03-01T10:00:00Z");
    private static final List<String> VIEWS =
            List.of(StoreNames.BALANCES, StoreNames.MONTHLY_SNAPSHOTS, StoreNames.EVENT_INDEX);

    @Test
    void theSeriesCountWhatWasAppliedAndSkipped(final KafkaTestCluster kafka, @TempDir final Path state)
            throws Exception {
        final String prefix = TestNames.unique("projection-metrics");
        final TopicNames topics = TopicNames.prefixed(prefix);
        try (ProjectionService service = TestProjections.start(kafka, prefix, PARTITIONS, state)) {
            final TestHttp http = new TestHttp(service.httpPort());
            TestProducer.produce(
                    kafka,
                    topics.events(),
                    List.of(
                            opened("m-1", T, "100"),
                            deposited("m-1", 2, T.plusSeconds(60), "5"),
                            deposited("m-1", 2, T.plusSeconds(60), "5"), // redelivered: a duplicate
                            deposited("m-1", 4, T.plusSeconds(120), "7"))); // version 3 never came: a gap
            produceRaw(kafka, topics.events(), unknownType());
            produceRaw(kafka, topics.events(), "not an event".getBytes(StandardCharsets.UTF_8));

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                final MetricsScrape metrics = scrape(http);
                for (final String view : VIEWS) {
                    assertThat(metrics.valueOrZero("kes_projection_events_applied_total", "view", view))
                            .as(view)
                            .isEqualTo(3);
                    assertThat(metrics.valueOrZero("kes_projection_events_duplicate_total", "view", view))
                            .as(view)
                            .isEqualTo(1);
                    assertThat(metrics.valueOrZero("kes_projection_version_gaps_total", "view", view))
                            .as(view)
                            .isEqualTo(1);
                }
                assertThat(metrics.valueOrZero("kes_projection_events_unknown_type_total"))
                        .isEqualTo(1);
                assertThat(metrics.valueOrZero("kes_projection_events_malformed_total"))
                        .isEqualTo(1);
                // every partition reported, and nothing left to apply once the offsets are committed (1 s)
                for (int partition = 0; partition < PARTITIONS; partition++) {
                    assertThat(metrics.value("kes_projection_lag_records", "partition", String.valueOf(partition)))
                            .as("partition %d", partition)
                            .hasValue(0);
                }
            });

            assertThat(http.get("/accounts/m-1").statusCode()).isEqualTo(200);
            assertThat(http.get("/accounts/m-1/balance?at=nonsense").statusCode())
                    .isEqualTo(400);
            final MetricsScrape metrics = await().atMost(Duration.ofSeconds(10))
                    .until(
                            () -> scrape(http),
                            scraped -> scraped.valueOrZero(
                                            "kes_http_requests_seconds_count",
                                            "method",
                                            "GET",
                                            "route",
                                            "/accounts/{id}/balance",
                                            "status",
                                            "400")
                                    == 1);
            assertThat(metrics.valueOrZero(
                            "kes_http_requests_seconds_count",
                            "method",
                            "GET",
                            "route",
                            "/accounts/{id}",
                            "status",
                            "200"))
                    .isEqualTo(1);
            assertThat(metrics.hasSeriesStartingWith("kafka_stream_thread_process_total"))
                    .as(metrics.text())
                    .isTrue();
            assertThat(metrics.hasSeriesStartingWith("jvm_memory_used_bytes")).isTrue();
        }
    }

    private static MetricsScrape scrape(final TestHttp http) {
        final HttpResponse<String> response = http.get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return MetricsScrape.parse(response.body());
    }

    /** Single-object encoding with a fingerprint no shipped schema has: an event type from a newer producer. */
    private static byte[] unknownType() {
        return ByteBuffer.allocate(14)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 0xC3)
                .put((byte) 0x01)
                .putLong(0x0123456789ABCDEFL)
                .putInt(0)
                .array();
    }

    private static void produceRaw(final KafkaTestCluster kafka, final String topic, final byte[] value)
            throws Exception {
        TestProducer.send(kafka, List.of(new ProducerRecord<>(topic, "m-other", value)));
    }
}
