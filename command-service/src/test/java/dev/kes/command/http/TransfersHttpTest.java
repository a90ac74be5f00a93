package dev.kes.command.http;

import static dev.kes.command.testing.Responses.assertProblem;
import static dev.kes.command.testing.Responses.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kes.command.testing.CommandServiceFixture;
import dev.kes.command.testing.HttpTestClient;
import dev.kes.command.testing.StoredEvent;
import dev.kes.command.testing.TestServices;
import dev.kes.domain.AccountEvent;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import dev.kes.service.kafka.ConsistencyToken;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /transfers} (DESIGN.md "Transfers"): 202 PENDING once the source is debited, or the source's rejection
 * as a withdrawal's; the Idempotency-Key is the transferId, so a retry answers the first outcome and debits nothing.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransfersHttpTest {
    @AutoClose
    private CommandServiceFixture app;

    private HttpTestClient http;

    @BeforeAll
    void start(final KafkaTestCluster kafka, @TempDir final Path state) {
        app = CommandServiceFixture.start(kafka, "transfers-http", state);
        http = app.http();
    }

    @Test
    void aTransferIsAnsweredPendingOnceTheSourceIsDebited() throws Exception {
        TestServices.open(http, "th-src-1", "100.00");
        TestServices.open(http, "th-dst-1", "0");

        final HttpResponse<String> response = http.postJson(
                "/transfers",
                "{\"fromAccountId\":\"th-src-1\",\"toAccountId\":\"th-dst-1\",\"amount\":\"25.5\","
                        + "\"description\":\"rent\"}",
                "Idempotency-Key",
                "th-1");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        final JsonNode body = body(response);
        assertThat(body.get("transferId").asText()).isEqualTo("th-1");
        assertThat(body.get("status").asText()).isEqualTo("PENDING");
        assertThat(body.get("fromAccountId").asText()).isEqualTo("th-src-1");
        assertThat(body.get("toAccountId").asText()).isEqualTo("th-dst-1");
        assertThat(body.get("amount").asText()).isEqualTo("25.50");
        assertThat(body.get("position").asText()).isEqualTo(new ConsistencyToken("th-src-1", 2).encode());
        assertThat(response.headers().firstValue("ETag")).hasValue("\"2\"");
        assertThat(response.headers().firstValue("Location")).hasValue("/transfers/th-1");
        final List<StoredEvent> source = app.events("th-src-1");
        assertThat(source).hasSize(2);
        assertThat(source.get(1).causationId()).isEqualTo("th-1");
        assertThat(source.get(1).event()).isInstanceOfSatisfying(AccountEvent.TransferDebited.class, debited -> {
            assertThat(debited.version()).isEqualTo(2);
            assertThat(debited.transferId()).isEqualTo("th-1");
            assertThat(debited.toAccountId()).isEqualTo("th-dst-1");
            assertThat(debited.amount()).isEqualTo(new BigDecimal("25.50"));
            assertThat(debited.description()).isEqualTo("rent");
            assertThat(debited.balanceAfter()).isEqualTo(new BigDecimal("74.50"));
        });
        assertThat(app.events("th-dst-1")).hasSize(1);
    }

    @Test
    void aRetryWithTheSameKeyAnswersTheFirstOutcomeAndDebitsNothingNew() throws Exception {
        TestServices.open(http, "th-src-2", "100.00");
        final String request = "{\"fromAccountId\":\"th-src-2\",\"toAccountId\":\"th-dst-2\",\"amount\":\"10\"}";
        final HttpResponse<String> first = http.postJson("/transfers", request, "Idempotency-Key", "th-2");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        final List<StoredEvent> debited = app.events("th-src-2");

        final HttpResponse<String> retry = http.postJson("/transfers", request, "Idempotency-Key", "th-2");
        // the key given as the body's transferId, with the amount spelled another way, is the same request
        final HttpResponse<String> inBody = http.postJson(
                "/transfers",
                "{\"transferId\":\"th-2\","
                        + "\"fromAccountId\":\"th-src-2\",\"toAccountId\":\"th-dst-2\",\"amount\":10.00}");
        final HttpResponse<String> both = http.postJson(
                "/transfers",
                "{\"transferId\":\"th-2\","
                        + "\"fromAccountId\":\"th-src-2\",\"toAccountId\":\"th-dst-2\",\"amount\":\"10\"}",
                "Idempotency-Key",
                "th-2");

        for (final HttpResponse<String> again : List.of(retry, inBody, both)) {
            assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
            assertThat(body(again)).isEqualTo(body(first));
        }
        assertThat(app.events("th-src-2")).isEqualTo(debited).hasSize(2);

        final HttpResponse<String> otherAmount = http.postJson(
                "/transfers",
                "{\"fromAccountId\":\"th-src-2\",\"toAccountId\":\"th-dst-2\",\"amount\":\"11\"}",
                "Idempotency-Key",
                "th-2");
        assertThat(assertProblem(otherAmount, 422, "idempotency-key-reused")
                        .get("transferId")
                        .asText())
                .isEqualTo("th-2");
        assertThat(app.events("th-src-2")).isEqualTo(debited);
    }

    @Test
    void withoutAKeyTheBodysTransferIdOrAFreshOneIsTheTransferId() throws Exception {
        TestServices.open(http, "th-src-3", "100.00");

        final HttpResponse<String> named = http.postJson(
                "/transfers",
                "{\"transferId\":\"th-3\","
                        + "\"fromAccountId\":\"th-src-3\",\"toAccountId\":\"th-dst-3\",\"amount\":\"1\"}");
        final HttpResponse<String> fresh = http.postJson(
                "/transfers", "{\"fromAccountId\":\"th-src-3\",\"toAccountId\":\"th-dst-3\",\"amount\":\"1\"}");

        assertThat(named.statusCode()).as(named.body()).isEqualTo(202);
        assertThat(fresh.statusCode()).as(fresh.body()).isEqualTo(202);
        assertThat(body(named).get("transferId").asText()).isEqualTo("th-3");
        final String generated = body(fresh).get("transferId").asText();
        assertThat(UUID.fromString(generated).toString()).isEqualTo(generated);
        assertThat(app.events("th-src-3"))
                .extracting(e -> e.event() instanceof AccountEvent.TransferDebited d ? d.transferId() : null)
                .containsExactly(null, "th-3", generated);
    }

    @Test
    void badInputIsA400ProblemAndDebitsNothing() throws Exception {
        TestServices.open(http, "th-src-4", "100.00");
        final Map<String, String> bad = Map.ofEntries(
                Map.entry("same account", transfer("th-src-4", "th-src-4", "\"1\"")),
                Map.entry("zero", transfer("th-src-4", "th-dst-4", "\"0\"")),
                Map.entry("negative", transfer("th-src-4", "th-dst-4", "\"-5\"")),
                Map.entry("three decimals", transfer("th-src-4", "th-dst-4", "\"1.005\"")),
                Map.entry("amount not a number", transfer("th-src-4", "th-dst-4", "\"ten\"")),
                Map.entry("no amount", "{\"fromAccountId\":\"th-src-4\",\"toAccountId\":\"th-dst-4\"}"),
                Map.entry("no source", "{\"toAccountId\":\"th-dst-4\",\"amount\":\"1\"}"),
                Map.entry("no target", "{\"fromAccountId\":\"th-src-4\",\"amount\":\"1\"}"),
                Map.entry("bad source id", transfer("th src 4", "th-dst-4", "\"1\"")),
                Map.entry("bad target id", transfer("th-src-4", "th/dst/4", "\"1\"")),
                Map.entry(
                        "unknown field",
                        "{\"fromAccountId\":\"th-src-4\",\"toAccountId\":\"th-dst-4\","
                                + "\"amount\":\"1\",\"ammount\":\"1\"}"),
                Map.entry(
                        "bad body transferId",
                        "{\"transferId\":\"\",\"fromAccountId\":\"th-src-4\","
                                + "\"toAccountId\":\"th-dst-4\",\"amount\":\"1\"}"),
                Map.entry("not JSON", "{\"fromAccountId\":"));

        for (final Map.Entry<String, String> request : bad.entrySet()) {
            final HttpResponse<String> response = http.postJson("/transfers", request.getValue());
            assertThat(response.statusCode())
                    .as(request.getKey() + ": " + response.body())
                    .isEqualTo(400);
            assertProblem(response, 400, "invalid-request");
        }
        final JsonNode same = body(http.postJson("/transfers", transfer("th-src-4", "th-src-4", "\"1\"")));
        assertThat(same.get("detail").asText()).contains("two different accounts");
        final JsonNode source = body(http.postJson("/transfers", transfer("th src 4", "th-dst-4", "\"1\"")));
        assertThat(source.get("detail").asText()).contains("fromAccountId");
        final JsonNode decimals = body(http.postJson("/transfers", transfer("th-src-4", "th-dst-4", "\"1.005\"")));
        assertThat(decimals.get("detail").asText()).contains("2 decimal places");

        final HttpResponse<String> differ = http.postJson(
                "/transfers",
                "{\"transferId\":\"th-4-a\","
                        + "\"fromAccountId\":\"th-src-4\",\"toAccountId\":\"th-dst-4\",\"amount\":\"1\"}",
                "Idempotency-Key",
                "th-4-b");
        assertThat(assertProblem(differ, 400, "invalid-request").get("detail").asText())
                .contains("Idempotency-Key")
                .contains("transferId");
        // the process manager's commandId of the credit of transfer th-4: a transfer must not take it
        final HttpResponse<String> credit = http.postJson(
                "/transfers", transfer("th-src-4", "th-dst-4", "\"1\""), "Idempotency-Key", "th-4/credit");
        assertThat(assertProblem(credit, 400, "invalid-request").get("detail").asText())
                .contains("'/'");
        final HttpResponse<String> slashInBody = http.postJson(
                "/transfers",
                "{\"transferId\":\"th/4\","
                        + "\"fromAccountId\":\"th-src-4\",\"toAccountId\":\"th-dst-4\",\"amount\":\"1\"}");
        assertProblem(slashInBody, 400, "invalid-request");
        final HttpResponse<String> badIfMatch =
                http.postJson("/transfers", transfer("th-src-4", "th-dst-4", "\"1\""), "If-Match", "version one");
        assertProblem(badIfMatch, 400, "invalid-request");
        assertThat(app.events("th-src-4")).hasSize(1);
    }

    @Test
    void theSourcesRejectionIsAnsweredAsAWithdrawalsWould() throws Exception {
        TestServices.open(http, "th-src-5", "10.00");
        TestServices.open(http, "th-closed-5", "0");
        final HttpResponse<String> close = http.postJson("/accounts/th-closed-5/close", "{}");
        assertThat(close.statusCode()).as(close.body()).isEqualTo(200);

        final JsonNode unknown = assertProblem(
                http.postJson("/transfers", transfer("th-unknown-5", "th-src-5", "\"1\""), "Idempotency-Key", "th-5-a"),
                404,
                "account-not-found");
        final JsonNode conflict = assertProblem(
                http.postJson(
                        "/transfers",
                        transfer("th-src-5", "th-dst-5", "\"1\""),
                        "Idempotency-Key",
                        "th-5-b",
                        "If-Match",
                        "\"7\""),
                409,
                "version-conflict");
        final JsonNode funds = assertProblem(
                http.postJson("/transfers", transfer("th-src-5", "th-dst-5", "\"10.01\""), "Idempotency-Key", "th-5-c"),
                422,
                "insufficient-funds");
        final JsonNode closed = assertProblem(
                http.postJson("/transfers", transfer("th-closed-5", "th-src-5", "\"1\""), "Idempotency-Key", "th-5-d"),
                422,
                "account-closed");

        assertThat(unknown.get("detail").asText()).contains("th-unknown-5");
        assertThat(conflict.get("currentVersion").asLong()).isEqualTo(1);
        assertThat(funds.get("detail").asText()).contains("10.00");
        assertThat(List.of(unknown, conflict, funds, closed))
                .extracting(p -> p.get("transferId").asText())
                .containsExactly("th-5-a", "th-5-b", "th-5-c", "th-5-d");
        // the expected version met, the same transfer goes through
        final HttpResponse<String> matched = http.postJson(
                "/transfers",
                transfer("th-src-5", "th-dst-5", "\"1\""),
                "Idempotency-Key",
                "th-5-e",
                "If-Match",
                "\"1\"");
        assertThat(matched.statusCode()).as(matched.body()).isEqualTo(202);
        assertThat(app.events("th-src-5")).hasSize(2);
        assertThat(app.events("th-closed-5")).hasSize(2);
    }

    private static String transfer(final String from, final String to, final String amount) {
        return "{\"fromAccountId\":\"" + from + "\",\"toAccountId\":\"" + to + "\",\"amount\":" + amount + "}";
    }
}
