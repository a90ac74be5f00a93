package dev.kes.projection.http;

import static dev.kes.projection.topology.TestEvents.credited;
import static dev.kes.projection.topology.TestEvents.debited;
import static dev.kes.projection.topology.TestEvents.opened;
import static dev.kes.projection.topology.TestEvents.refunded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import dev.kes.service.kafka.ConsistencyToken;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /transfers/{id}} of one instance on a real broker, fed with committed transfer events on account-events
 * (as the command service writes them), and the transfer events in the other read models' answers.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransferQueryTest {
    private static final Instant OPENED = Instant.parse("2025-05-20T09:00:00Z");
    private static final Instant DEBITED = Instant.parse("2025-06-02T09:00:00Z");
    private static final Instant ENDED = Instant.parse("2025-06-02T09:00:01Z");
    private final ObjectMapper json = new ObjectMapper();

    @AutoClose
    private RunningProjection projection;

    @BeforeAll
    void start(final KafkaTestCluster kafka, @TempDir final Path state) {
        projection = RunningProjection.start(kafka, "transfer-query", state, Map.of("position.wait.ms", "5000"));
    }

    private JsonNode body(final HttpResponse<String> response) throws Exception {
        return json.readTree(response.body());
    }

    /** The transfer once it has {@code status}. */
    private JsonNode awaitStatus(final String transferId, final String status) {
        final JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            final HttpResponse<String> response = projection.get("/transfers/" + transferId);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            found[0] = body(response);
            assertThat(found[0].get("status").asText()).isEqualTo(status);
            assertThat(response.headers().firstValue("ETag")).hasValue("\"" + status + "\"");
        });
        return found[0];
    }

    private void assertProblem(final HttpResponse<String> response, final int status, final String type)
            throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(contentType -> assertThat(contentType).startsWith("application/problem+json"));
        assertThat(body(response).get("type").asText()).isEqualTo("urn:kes:problem:" + type);
    }

    @Test
    void aDebitedTransferIsPendingThenCompletedByItsCredit() throws Exception {
        projection.produce(
                opened("c-src", OPENED, "100"),
                opened("c-dst", OPENED, "5"),
                debited("c-src", 2, DEBITED, "t-complete", "c-dst", "30", "70"));
        assertThat(awaitStatus("t-complete", "PENDING"))
                .isEqualTo(json.readTree("{\"transferId\":\"t-complete\","
                        + "\"fromAccountId\":\"c-src\",\"toAccountId\":\"c-dst\",\"amount\":\"30.00\",\"description\":\"rent\","
                        + "\"status\":\"PENDING\",\"requestedAt\":\"2025-06-02T09:00:00Z\"}"));

        projection.produce(credited("c-dst", 2, ENDED, "t-complete", "c-src", "30", "35"));
        final JsonNode completed = awaitStatus("t-complete", "COMPLETED");
        assertThat(completed.get("completedAt").asText()).isEqualTo("2025-06-02T09:00:01Z");
        assertThat(completed.has("reason")).isFalse();

        final HttpResponse<String> unchanged =
                projection.get("/transfers/t-complete", "If-None-Match", "\"COMPLETED\"");
        assertThat(unchanged.statusCode()).isEqualTo(304);
        assertThat(unchanged.headers().firstValue("ETag")).hasValue("\"COMPLETED\"");
        assertThat(projection
                        .get("/transfers/t-complete", "If-None-Match", "\"PENDING\"")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aRefundedTransferSaysWhy() throws Exception {
        projection.produce(
                opened("r-src", OPENED, "100"),
                debited("r-src", 2, DEBITED, "t-refund", "r-closed", "40", "60"),
                refunded("r-src", 3, ENDED, "t-refund", "r-closed", "40", "account r-closed is closed", "100"));
        final JsonNode refunded = awaitStatus("t-refund", "REFUNDED");
        assertThat(refunded.get("reason").asText()).isEqualTo("account r-closed is closed");
        assertThat(refunded.get("fromAccountId").asText()).isEqualTo("r-src");
        assertThat(refunded.get("toAccountId").asText()).isEqualTo("r-closed");
        assertThat(refunded.get("requestedAt").asText()).isEqualTo("2025-06-02T09:00:00Z");
        assertThat(refunded.get("completedAt").asText()).isEqualTo("2025-06-02T09:00:01Z");
    }

    @Test
    void unknownAndMalformedTransferIds() throws Exception {
        assertProblem(projection.get("/transfers/no-such-transfer"), 404, "transfer-not-found");
        assertProblem(projection.get("/transfers/" + "x".repeat(129)), 400, "invalid-request");
        assertProblem(projection.get("/transfers/with%20space"), 400, "invalid-request");
        assertProblem(projection.get("/transfers/t-any?position=garbage"), 400, "invalid-request");
    }

    @Test
    void aPositionWaitsForTheTransferToShowIt() throws Exception {
        projection.produce(opened("p-src", OPENED, "100"), opened("p-dst", OPENED, "5"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> projection.get("/accounts/p-dst").statusCode() == 200);
        final String debit = new ConsistencyToken("p-src", 2).encode();

        // the debit is not there yet: not a 404 that the next moment would contradict, but the wait's 503
        final HttpResponse<String> early = projection.get("/transfers/t-pos?position=" + debit);
        assertProblem(early, 503, "position-not-reached");
        assertThat(early.headers().firstValue("Retry-After")).isPresent();

        final CompletableFuture<HttpResponse<String>> waiting =
                CompletableFuture.supplyAsync(() -> projection.get("/transfers/t-pos?position=" + debit));
        projection.produce(debited("p-src", 2, DEBITED, "t-pos", "p-dst", "10", "90"));
        final HttpResponse<String> answered = waiting.get(30, TimeUnit.SECONDS);
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        assertThat(body(answered).get("status").asText()).isEqualTo("PENDING");

        // a position of the target needs the transfer to have ended; one of another account imposes nothing
        final String credit = new ConsistencyToken("p-dst", 2).encode();
        assertProblem(projection.get("/transfers/t-pos?position=" + credit), 503, "position-not-reached");
        assertThat(projection
                        .get("/transfers/t-pos?position=" + new ConsistencyToken("c-src", 9).encode())
                        .statusCode())
                .isEqualTo(200);
        projection.produce(credited("p-dst", 2, ENDED, "t-pos", "p-src", "10", "15"));
        final HttpResponse<String> ended = projection.get("/transfers/t-pos?position=" + credit);
        assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
        assertThat(body(ended).get("status").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void anUnknownTransferWithAReachedPositionIsNotFoundAndWithAnUnreachedOneUnavailable() throws Exception {
        projection.produce(opened("u-src", OPENED, "100"), opened("u-dst", OPENED, "5"));
        projection.produce(debited("u-src", 2, DEBITED, "t-known", "u-dst", "10", "90"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> projection.get("/transfers/t-known").statusCode() == 200);

        // the position's event is there and it is another transfer's debit: nothing is on its way for this id
        final String reached = new ConsistencyToken("u-src", 2).encode();
        assertProblem(projection.get("/transfers/t-unknown?position=" + reached), 404, "transfer-not-found");
        assertProblem(
                projection.get("/transfers/t-unknown?position=" + new ConsistencyToken("u-dst", 1).encode()),
                404,
                "transfer-not-found");
        // not reached yet: the debit may be the event still to come
        final HttpResponse<String> ahead =
                projection.get("/transfers/t-unknown?position=" + new ConsistencyToken("u-src", 3).encode());
        assertProblem(ahead, 503, "position-not-reached");
    }

    @Test
    void theOtherReadModelsShowTheTransfer() throws Exception {
        projection.produce(
                opened("m-src", OPENED, "100"),
                opened("m-dst", OPENED, "5"),
                debited("m-src", 2, DEBITED, "t-models", "m-dst", "25", "75"),
                credited("m-dst", 2, ENDED, "t-models", "m-src", "25", "30"));
        awaitStatus("t-models", "COMPLETED");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> projection.get("/accounts/m-dst").body().contains("\"version\":2"));

        final JsonNode june = body(projection.get("/accounts/m-src/monthly-snapshots?year=2025"))
                .get("months")
                .get(1);
        assertThat(june.get("month").asText()).isEqualTo("2025-06");
        assertThat(june.get("transfersOut").asText()).isEqualTo("25.00");
        assertThat(june.get("transfersIn").asText()).isEqualTo("0.00");
        assertThat(june.get("closingBalance").asText()).isEqualTo("75.00");
        final JsonNode dstJune = body(projection.get("/accounts/m-dst/monthly-snapshots?year=2025"))
                .get("months")
                .get(1);
        assertThat(dstJune.get("transfersIn").asText()).isEqualTo("25.00");
        assertThat(body(projection.get("/accounts/m-dst/balance?at=2025-06-02T09:00:00Z"))
                        .get("balance")
                        .asText())
                .isEqualTo("5.00");
        assertThat(body(projection.get("/accounts/m-dst/balance?at=2025-06-02T09:00:01Z"))
                        .get("balance")
                        .asText())
                .isEqualTo("30.00");

        final JsonNode debit = body(projection.get("/accounts/m-src/events?fromVersion=2"))
                .get("events")
                .get(0);
        assertThat(debit.get("type").asText()).isEqualTo("TransferDebited");
        assertThat(debit.get("data"))
                .isEqualTo(json.readTree("{\"transferId\":\"t-models\",\"toAccountId\":"
                        + "\"m-dst\",\"amount\":\"25.00\",\"description\":\"rent\",\"balanceAfter\":\"75.00\"}"));
        final JsonNode credit = body(projection.get("/accounts/m-dst/events?fromVersion=2"))
                .get("events")
                .get(0);
        assertThat(credit.get("type").asText()).isEqualTo("TransferCredited");
        assertThat(credit.get("data").get("fromAccountId").asText()).isEqualTo("m-src");

        final JsonNode feed = body(projection.get("/events?limit=1000"));
        assertThat(feed.get("events"))
                .filteredOn(e -> e.get("data").path("transferId").asText().equals("t-models"))
                .extracting(
                        e -> e.get("type").asText() + "@" + e.get("accountId").asText())
                .containsExactlyInAnyOrder("TransferDebited@m-src", "TransferCredited@m-dst");
        // and the live stream can be asked for them by type
        assertThat(FeedParams.EVENT_TYPES).contains("TransferDebited", "TransferCredited", "TransferRefunded");
    }
}
