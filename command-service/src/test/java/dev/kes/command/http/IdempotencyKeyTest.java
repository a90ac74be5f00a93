package dev.kes.command.http;

import static dev.kes.command.testing.Responses.assertProblem;
import static dev.kes.command.testing.Responses.body;
import static dev.kes.command.testing.Responses.describe;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kes.command.testing.CommandServiceFixture;
import dev.kes.command.testing.Concurrently;
import dev.kes.command.testing.HttpTestClient;
import dev.kes.command.testing.StoredEvent;
import dev.kes.command.testing.TestServices;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Idempotency-Key is the commandId of its account: a retry of the same request answers the first outcome and
 * appends nothing; the key sent with another request is refused (422).
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyKeyTest {
    @AutoClose
    private CommandServiceFixture app;

    private HttpTestClient http;

    @BeforeAll
    void start(final KafkaTestCluster kafka, @TempDir final Path state) {
        app = CommandServiceFixture.start(kafka, "idempotency", state);
        http = app.http();
    }

    @Test
    void aRetryReturnsTheFirstOutcomeAndWritesNothing() throws Exception {
        TestServices.open(http, "idem-1", "5.00");
        final HttpResponse<String> first =
                http.postJson("/accounts/idem-1/deposits", "{\"amount\":\"10\"}", "Idempotency-Key", "pay-idem-1");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        final List<StoredEvent> before = app.events("idem-1");
        assertThat(before).hasSize(2);

        final HttpResponse<String> retry =
                http.postJson("/accounts/idem-1/deposits", "{\"amount\":\"10\"}", "Idempotency-Key", "pay-idem-1");
        // the same request: tracing headers and the spelling of the amount may differ between retries
        final HttpResponse<String> retraced = http.postJson(
                "/accounts/idem-1/deposits",
                "{\"amount\":10.00}",
                "Idempotency-Key",
                "pay-idem-1",
                "X-Correlation-Id",
                "retry-2");

        for (final HttpResponse<String> again : List.of(retry, retraced)) {
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            assertThat(body(again)).isEqualTo(body(first));
            assertThat(again.headers().firstValue("ETag"))
                    .isEqualTo(first.headers().firstValue("ETag"));
        }
        assertThat(body(first).get("commandId").asText()).isEqualTo("pay-idem-1");
        assertThat(body(first).get("balance").asText()).isEqualTo("15.00");
        assertThat(app.events("idem-1")).isEqualTo(before);
    }

    @Test
    void aKeyReusedForAnotherRequestIsRefusedWith422AndOnlyATrueRetryGetsTheFirstOutcome() throws Exception {
        TestServices.open(http, "idem-4", "100.00");
        final HttpResponse<String> deposit =
                http.postJson("/accounts/idem-4/deposits", "{\"amount\":\"10\"}", "Idempotency-Key", "pay-idem-4");
        assertThat(deposit.statusCode()).as(deposit.body()).isEqualTo(200);
        final List<StoredEvent> before = app.events("idem-4");

        final HttpResponse<String> withdrawal =
                http.postJson("/accounts/idem-4/withdrawals", "{\"amount\":\"10\"}", "Idempotency-Key", "pay-idem-4");
        final HttpResponse<String> otherAmount =
                http.postJson("/accounts/idem-4/deposits", "{\"amount\":\"99\"}", "Idempotency-Key", "pay-idem-4");
        final HttpResponse<String> otherPrecondition = http.postJson(
                "/accounts/idem-4/deposits",
                "{\"amount\":\"10\"}",
                "Idempotency-Key",
                "pay-idem-4",
                "If-Match",
                "\"1\"");

        for (final HttpResponse<String> reused : List.of(withdrawal, otherAmount, otherPrecondition)) {
            final JsonNode problem = assertProblem(reused, 422, "idempotency-key-reused");
            assertThat(problem.get("detail").asText()).contains("pay-idem-4");
            assertThat(problem.get("commandId").asText()).isEqualTo("pay-idem-4");
        }
        final HttpResponse<String> retry =
                http.postJson("/accounts/idem-4/deposits", "{\"amount\":\"10\"}", "Idempotency-Key", "pay-idem-4");
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        assertThat(body(retry)).isEqualTo(body(deposit));
        assertThat(app.events("idem-4")).isEqualTo(before);
    }

    @Test
    void oneKeyOnTwoAccountsInDifferentPartitionsMakesTwoCommandsWhoseEventsHaveDistinctIds() throws Exception {
        final String first = "idem-5-a";
        final String second = accountOnAnotherPartitionThan(first);
        TestServices.open(http, first, "0");
        TestServices.open(http, second, "0");

        final HttpResponse<String> one = http.postJson(
                "/accounts/" + first + "/deposits", "{\"amount\":\"3\"}", "Idempotency-Key", "pay-idem-5");
        final HttpResponse<String> other = http.postJson(
                "/accounts/" + second + "/deposits", "{\"amount\":\"3\"}", "Idempotency-Key", "pay-idem-5");

        assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
        assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
        final StoredEvent onFirst = app.events(first).get(1);
        final StoredEvent onSecond = app.events(second).get(1);
        assertThat(onFirst.partition()).isNotEqualTo(onSecond.partition());
        assertThat(List.of(onFirst.causationId(), onSecond.causationId())).containsOnly("pay-idem-5");
        assertThat(onFirst.eventId()).isNotEqualTo(onSecond.eventId());
    }

    @Test
    void openingWithoutAnAccountIdIsRetriedUnderItsKey() throws Exception {
        final String request = "{\"holder\":\"Grace Hopper\",\"initialDeposit\":\"20.00\"}";
        final HttpResponse<String> first = http.postJson("/accounts", request, "Idempotency-Key", "open-idem-6");
        final HttpResponse<String> retry = http.postJson("/accounts", request, "Idempotency-Key", "open-idem-6");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
        assertThat(body(retry)).isEqualTo(body(first));
        assertThat(first.headers().firstValue("Location"))
                .hasValue("/accounts/" + body(first).get("accountId").asText());
        assertThat(retry.headers().firstValue("Location"))
                .isEqualTo(first.headers().firstValue("Location"));
        assertThat(app.events())
                .filteredOn(event -> "open-idem-6".equals(event.causationId()))
                .hasSize(1);
    }

    /** An account id on another partition of the (3-partition) commands topic, as Kafka's default partitioner says. */
    private static String accountOnAnotherPartitionThan(final String accountId) {
        for (int i = 0; ; i++) {
            final String candidate = accountId + "-" + i;
            if (partition(candidate) != partition(accountId)) {
                return candidate;
            }
        }
    }

    private static int partition(final String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % 3;
    }

    @Test
    void aRetriedRejectionStaysRejectedEvenWhenItWouldNowSucceed() throws Exception {
        TestServices.open(http, "idem-2", "1.00");
        final HttpResponse<String> first = http.postJson(
                "/accounts/idem-2/withdrawals", "{\"amount\":\"50\"}", "Idempotency-Key", "withdraw-idem-2");
        assertProblem(first, 422, "insufficient-funds");
        assertThat(http.postJson("/accounts/idem-2/deposits", "{\"amount\":\"100\"}")
                        .statusCode())
                .isEqualTo(200);

        final HttpResponse<String> retry = http.postJson(
                "/accounts/idem-2/withdrawals", "{\"amount\":\"50\"}", "Idempotency-Key", "withdraw-idem-2");

        final JsonNode problem = assertProblem(retry, 422, "insufficient-funds");
        assertThat(problem.get("commandId").asText()).isEqualTo("withdraw-idem-2");
        assertThat(app.events("idem-2")).extracting(StoredEvent::version).containsExactly(1L, 2L);
    }

    @Test
    void simultaneousRequestsWithOneKeyAreAppliedOnceAndAllAnsweredAlike() throws Exception {
        TestServices.open(http, "idem-3", "0");

        final List<HttpResponse<String>> responses = Concurrently.run(
                6,
                i -> http.postJsonUnchecked(
                        "/accounts/idem-3/deposits", "{\"amount\":\"7.25\"}", "Idempotency-Key", "pay-idem-3"));

        assertThat(responses)
                .extracting(HttpResponse::statusCode)
                .as(describe(responses))
                .containsOnly(200);
        assertThat(responses).extracting(r -> body(r)).containsOnly(body(responses.get(0)));
        assertThat(body(responses.get(0)).get("balance").asText()).isEqualTo("7.25");
        final List<StoredEvent> events = app.events("idem-3");
        assertThat(events).extracting(StoredEvent::version).containsExactly(1L, 2L);
        assertThat(events.get(1).causationId()).isEqualTo("pay-idem-3");
    }
}
