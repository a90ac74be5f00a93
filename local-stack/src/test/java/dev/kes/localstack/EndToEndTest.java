package dev.kes.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Through the real broker: HTTP command → command-service → account-events → projection-service → HTTP query. */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndTest {
    private final ObjectMapper json = new ObjectMapper();
    private RunningServices services;
    private HttpTestClient commandApi;
    private HttpTestClient queryApi;

    @BeforeAll
    void start(final KafkaTestCluster kafka, @TempDir final Path state) {
        services = RunningServices.start(kafka, state, Map.of());
        commandApi = services.commandApi;
        queryApi = services.queryApi;
    }

    @AfterAll
    void stop() {
        if (services != null) {
            services.close();
        }
    }

    private JsonNode body(final HttpResponse<String> response) throws Exception {
        return json.readTree(response.body());
    }

    @Test
    void openDepositThenReadTheBalance() throws Exception {
        final HttpResponse<String> opened = commandApi.postJson(
                "/accounts", "{\"accountId\":\"e2e-1\",\"holder\":\"Ada Lovelace\",\"initialDeposit\":\"100.00\"}");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        assertThat(body(opened).get("version").asLong()).isEqualTo(1);

        final HttpResponse<String> deposited = commandApi.postJson(
                "/accounts/e2e-1/deposits", "{\"amount\": 25.50, \"description\": \"salary\"}", "If-Match", "\"1\"");
        assertThat(deposited.statusCode()).as(deposited.body()).isEqualTo(200);
        final JsonNode result = body(deposited);
        assertThat(result.get("version").asLong()).isEqualTo(2);
        assertThat(result.get("balance").asText()).isEqualTo("125.50");

        final HttpResponse<String> account = queryApi.get(
                "/accounts/e2e-1?position=" + result.get("position").asText());
        assertThat(account.statusCode()).as(account.body()).isEqualTo(200);
        final JsonNode view = body(account);
        assertThat(view.get("balance").asText()).isEqualTo("125.50");
        assertThat(view.get("version").asLong()).isEqualTo(2);
        assertThat(view.get("holder").asText()).isEqualTo("Ada Lovelace");
        assertThat(view.get("status").asText()).isEqualTo("OPEN");
        assertThat(account.headers().firstValue("ETag")).hasValue("\"2\"");

        assertThat(queryApi.get("/accounts/e2e-1", "If-None-Match", "\"2\"").statusCode())
                .isEqualTo(304);
    }

    @Test
    void aRetriedIdempotencyKeyReturnsTheFirstOutcome() throws Exception {
        commandApi.postJson("/accounts", "{\"accountId\":\"e2e-2\",\"holder\":\"Bob\",\"initialDeposit\":0}");
        final HttpResponse<String> first =
                commandApi.postJson("/accounts/e2e-2/deposits", "{\"amount\":\"10\"}", "Idempotency-Key", "dep-e2e-2");
        final HttpResponse<String> retry =
                commandApi.postJson("/accounts/e2e-2/deposits", "{\"amount\":\"10\"}", "Idempotency-Key", "dep-e2e-2");
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(body(retry).get("version").asLong())
                .isEqualTo(body(first).get("version").asLong());
        assertThat(body(retry).get("balance").asText()).isEqualTo("10.00");
    }

    @Test
    void conflictsAndBusinessRulesAreProblems() throws Exception {
        commandApi.postJson("/accounts", "{\"accountId\":\"e2e-3\",\"holder\":\"Cy\",\"initialDeposit\":\"5\"}");
        final HttpResponse<String> conflict =
                commandApi.postJson("/accounts/e2e-3/deposits", "{\"amount\":\"1\"}", "If-Match", "\"7\"");
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(body(conflict).get("currentVersion").asLong()).isEqualTo(1);
        assertProblem(
                commandApi.postJson(
                        "/accounts", "{\"accountId\":\"e2e-3\",\"holder\":\"Cy\",\"initialDeposit\":\"5\"}"),
                409);
        assertProblem(commandApi.postJson("/accounts/e2e-3/withdrawals", "{\"amount\":\"5.01\"}"), 422);
        assertProblem(commandApi.post("/accounts/e2e-3/close", null, null), 422);
        assertProblem(commandApi.postJson("/accounts/nobody-here/deposits", "{\"amount\":\"1\"}"), 404);
        assertProblem(queryApi.get("/accounts/nobody-here"), 404);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "negative amount        | application/json | {\"amount\":\"-1\"}                  | 400",
                "zero amount            | application/json | {\"amount\":0}                       | 400",
                "three decimals         | application/json | {\"amount\":\"1.001\"}               | 400",
                "non-numeric amount     | application/json | {\"amount\":\"ten\"}                 | 400",
                "huge amount            | application/json | {\"amount\":1e400}                   | 400",
                "boolean amount         | application/json | {\"amount\":true}                    | 400",
                "missing amount         | application/json | {}                                   | 400",
                "unknown field          | application/json | {\"ammount\":\"1\"}                  | 400",
                "invalid JSON           | application/json | {\"amount\":                         | 400",
                "array body             | application/json | [1,2]                                | 400",
                "wrong content type     | text/plain       | {\"amount\":\"1\"}                   | 415",
            })
    void badDepositsAreClientErrors(final String name, final String contentType, final String body, final int status)
            throws Exception {
        assertProblem(commandApi.post("/accounts/e2e-bad/deposits", contentType, body), status);
    }

    @Test
    void otherBadInputsAreClientErrors() throws Exception {
        assertProblem(
                commandApi.postJson("/accounts", "{\"holder\":\"x\",\"initialDeposit\":\"1\",\"accountId\":\"a b\"}"),
                400);
        assertProblem(commandApi.postJson("/accounts", "{\"initialDeposit\":\"1\"}"), 400);
        assertProblem(commandApi.postJson("/accounts", "{\"holder\":7,\"initialDeposit\":\"1\"}"), 400);
        assertProblem(commandApi.postJson("/accounts/x/deposits", "{\"amount\":\"1\"}", "If-Match", "banana"), 400);
        assertProblem(commandApi.postJson("/accounts/x/deposits", "{\"amount\":\"" + "9".repeat(70_000) + "\"}"), 413);
        assertProblem(commandApi.get("/no/such/path"), 404);
        assertProblem(queryApi.get("/accounts/bad%20id"), 400);
        assertProblem(queryApi.get("/accounts/x?position=garbage"), 400);
    }

    private void assertProblem(final HttpResponse<String> response, final int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        final JsonNode problem = body(response);
        assertThat(problem.get("type").asText()).startsWith("urn:kes:problem:");
        assertThat(problem.get("status").asInt()).isEqualTo(status);
    }
}
