package dev.kes.projection.http;

import static dev.kes.projection.topology.TestEvents.debited;
import static dev.kes.projection.topology.TestEvents.deposited;
import static dev.kes.projection.topology.TestEvents.opened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import dev.kes.service.kafka.ConsistencyToken;
import dev.kes.service.metrics.MetricsScrape;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A query waiting for its {@code ?position=} is answered as soon as this instance applies the event, not at its next
 * re-check: the re-check is set far beyond the time the test allows, so only the wake-up from the topology can
 * answer in time. The request is known to be waiting (the {@code kes_projection_position_waits} gauge) before the
 * event is produced.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PositionWakeUpTest {
    private static final Instant T = Instant.parse("2025-04-01T09:00:00Z");
    private static final Duration RECHECK = Duration.ofMinutes(5);
    private static final Duration POSITION_WAIT = Duration.ofMinutes(2);
    /** Far below both: produce, apply, answer. */
    private static final Duration ANSWERED_WITHIN = Duration.ofSeconds(15);

    private final ObjectMapper json = new ObjectMapper();

    @AutoClose
    private RunningProjection projection;

    @BeforeAll
    void start(final KafkaTestCluster kafka, @TempDir final Path state) {
        projection = RunningProjection.start(
                kafka,
                "position-wake-up",
                state,
                Map.of(
                        "position.recheck.ms", String.valueOf(RECHECK.toMillis()),
                        "position.wait.ms", String.valueOf(POSITION_WAIT.toMillis())));
    }

    @Test
    void anAccountQueryIsAnsweredOnceItsEventIsApplied() throws Exception {
        projection.produce(opened("wake-ada", T, "100"));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> projection.get("/accounts/wake-ada").statusCode() == 200);

        final CompletableFuture<HttpResponse<String>> waiting =
                getWhenWaiting("/accounts/wake-ada?position=" + new ConsistencyToken("wake-ada", 2).encode());
        projection.produce(deposited("wake-ada", 2, T.plusSeconds(60), "25"));

        final HttpResponse<String> answered =
                await().atMost(ANSWERED_WITHIN).until(() -> waiting.getNow(null), response -> response != null);
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        assertThat(body(answered).get("version").asLong()).isEqualTo(2);
        assertThat(body(answered).get("balance").asText()).isEqualTo("125.00");
        assertThat(positionWaits()).as("the watch is closed with the request").isZero();
    }

    @Test
    void aTransferQueryIsAnsweredOnceItsDebitIsApplied() throws Exception {
        projection.produce(opened("wake-src", T, "100"), opened("wake-dst", T, "5"));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> projection.get("/accounts/wake-dst").statusCode() == 200);

        final CompletableFuture<HttpResponse<String>> waiting =
                getWhenWaiting("/transfers/wake-t?position=" + new ConsistencyToken("wake-src", 2).encode());
        projection.produce(debited("wake-src", 2, T.plusSeconds(60), "wake-t", "wake-dst", "10", "90"));

        final HttpResponse<String> answered =
                await().atMost(ANSWERED_WITHIN).until(() -> waiting.getNow(null), response -> response != null);
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        assertThat(body(answered).get("status").asText()).isEqualTo("PENDING");
        assertThat(positionWaits()).isZero();
    }

    /** Sends the GET and returns once the service counts it among the queries waiting for a position. */
    private CompletableFuture<HttpResponse<String>> getWhenWaiting(final String path) {
        final double before = positionWaits();
        final CompletableFuture<HttpResponse<String>> waiting =
                CompletableFuture.supplyAsync(() -> projection.get(path));
        await().atMost(Duration.ofSeconds(10)).until(() -> positionWaits() == before + 1);
        assertThat(waiting).as("the position is not reached yet").isNotDone();
        return waiting;
    }

    private double positionWaits() {
        final HttpResponse<String> metrics = projection.get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        return MetricsScrape.parse(metrics.body()).valueOrZero("kes_projection_position_waits");
    }

    private JsonNode body(final HttpResponse<String> response) throws Exception {
        return json.readTree(response.body());
    }
}
