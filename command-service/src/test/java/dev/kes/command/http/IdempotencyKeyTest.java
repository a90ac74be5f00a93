package dev.kes.command.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kes.command.testing.CommandServiceFixture;
import dev.kes.command.testing.Concurrently;
import dev.kes.command.testing.HttpTestClient;
import dev.kes.command.testing.StoredEvent;
import dev.kes.command.testing.TestServices;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static dev.kes.command.testing.Responses.assertProblem;
import static dev.kes.command.testing.Responses.body;
import static dev.kes.command.testing.Responses.describe;
import static org.assertj.core.api.Assertions.assertThat;

/** The Idempotency-Key is the commandId: a retry answers the first outcome and appends nothing. */
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
        final HttpResponse<String> first = http.postJson("/accounts/idem-1/deposits", "{\"amount\":\"10\"}",
                "Idempotency-Key", "pay-idem-1");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        final List<StoredEvent> before = app.events("idem-1");
        assertThat(before).hasSize(2);

        final HttpResponse<String> retry = http.postJson("/accounts/idem-1/deposits", "{\"amount\":\"10\"}",
                "Idempotency-Key", "pay-idem-1");
        // the key names the command: a different body under the same key is still that first command
        final HttpResponse<String> altered = http.postJson("/accounts/idem-1/deposits", "{\"amount\":\"99\"}",
                "Idempotency-Key", "pay-idem-1");

        for (final HttpResponse<String> again : List.of(retry, altered)) {
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            assertThat(body(again)).isEqualTo(body(first));
            assertThat(again.headers().firstValue("ETag")).isEqualTo(first.headers().firstValue("ETag"));
        }
        assertThat(body(first).get("commandId").asText()).isEqualTo("pay-idem-1");
        assertThat(body(first).get("balance").asText()).isEqualTo("15.00");
        assertThat(app.events("idem-1")).isEqualTo(before);
    }

    @Test
    void aRetriedRejectionStaysRejectedEvenWhenItWouldNowSucceed() throws Exception {
        TestServices.open(http, "idem-2", "1.00");
        final HttpResponse<String> first = http.postJson("/accounts/idem-2/withdrawals", "{\"amount\":\"50\"}",
                "Idempotency-Key", "withdraw-idem-2");
        assertProblem(first, 422, "insufficient-funds");
        assertThat(http.postJson("/accounts/idem-2/deposits", "{\"amount\":\"100\"}").statusCode()).isEqualTo(200);

        final HttpResponse<String> retry = http.postJson("/accounts/idem-2/withdrawals", "{\"amount\":\"50\"}",
                "Idempotency-Key", "withdraw-idem-2");

        final JsonNode problem = assertProblem(retry, 422, "insufficient-funds");
        assertThat(problem.get("commandId").asText()).isEqualTo("withdraw-idem-2");
        assertThat(app.events("idem-2")).extracting(StoredEvent::version)
                .containsExactly(1L, 2L);
    }

    @Test
    void simultaneousRequestsWithOneKeyAreAppliedOnceAndAllAnsweredAlike() throws Exception {
        TestServices.open(http, "idem-3", "0");

        final List<HttpResponse<String>> responses = Concurrently.run(6, i -> http.postJsonUnchecked(
                "/accounts/idem-3/deposits", "{\"amount\":\"7.25\"}", "Idempotency-Key", "pay-idem-3"));

        assertThat(responses).extracting(HttpResponse::statusCode).as(describe(responses)).containsOnly(200);
        assertThat(responses).extracting(r -> body(r)).containsOnly(body(responses.get(0)));
        assertThat(body(responses.get(0)).get("balance").asText()).isEqualTo("7.25");
        final List<StoredEvent> events = app.events("idem-3");
        assertThat(events).extracting(StoredEvent::version).containsExactly(1L, 2L);
        assertThat(events.get(1).causationId()).isEqualTo("pay-idem-3");
    }
}
