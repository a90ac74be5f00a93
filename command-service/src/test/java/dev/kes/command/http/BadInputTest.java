package dev.kes.command.http;

import static dev.kes.command.testing.Responses.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.kes.command.CommandService;
import dev.kes.command.testing.HttpTestClient;
import dev.kes.command.testing.StoredEvent;
import dev.kes.command.testing.TestServices;
import dev.kes.command.testing.TopicReader;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import dev.kes.service.kafka.TopicNames;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad request gets the 4xx of the HTTP contract (DESIGN.md) as problem+json, never a 5xx, and writes
 * nothing. Runs against accounts in each state: open with money, full to the largest balance, closed, unknown.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputTest {
    private static final String JSON = "application/json";
    private static final String OPEN = "/accounts/m-open";
    private static final String CLOSED = "/accounts/m-closed";

    private KafkaTestCluster kafka;
    private TopicNames topics;
    private CommandService service;
    private HttpTestClient http;

    /** One request and the answer the contract gives it. */
    record BadRequest(String path, String contentType, String body, String[] headers, int status, String kind) {
        BadRequest withHeaders(final String... more) {
            return new BadRequest(path, contentType, body, more, status, kind);
        }
    }

    @BeforeAll
    void start(final KafkaTestCluster cluster, @TempDir final Path state) throws Exception {
        kafka = cluster;
        final Map<String, String> config = TestServices.config(kafka, "bad-input", state);
        topics = TestServices.topics(config);
        service = TestServices.startReady(config);
        http = TestServices.http(service);
        TestServices.open(http, "m-open", "10.00");
        TestServices.open(http, "m-closed", "0");
        TestServices.open(http, "m-full", "9999999999999999.99");
        assertThat(http.post(CLOSED + "/close", null, null).statusCode()).isEqualTo(200);
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    private static BadRequest json(final String path, final String body, final int status, final String kind) {
        return new BadRequest(path, JSON, body, new String[0], status, kind);
    }

    private static BadRequest deposit(final String body) {
        return json(OPEN + "/deposits", body, 400, "invalid-request");
    }

    private static Arguments named(final String name, final BadRequest request) {
        return Arguments.of(Named.of(name, request));
    }

    static Stream<Arguments> badRequests() {
        final String tooBig = "{\"amount\":\"1\",\"description\":\"" + "x".repeat(70_000) + "\"}";
        return Stream.of(
                // amounts
                named("negative amount", deposit("{\"amount\":\"-1\"}")),
                named("negative number", deposit("{\"amount\":-1}")),
                named("zero amount", deposit("{\"amount\":0}")),
                named("zero with decimals", deposit("{\"amount\":\"0.00\"}")),
                named("three decimals", deposit("{\"amount\":\"1.001\"}")),
                named("three decimals as a number", deposit("{\"amount\":0.001}")),
                named("non-numeric amount", deposit("{\"amount\":\"ten\"}")),
                named("empty amount", deposit("{\"amount\":\"\"}")),
                named("NaN", deposit("{\"amount\":\"NaN\"}")),
                named("Infinity", deposit("{\"amount\":\"Infinity\"}")),
                named("decimal comma", deposit("{\"amount\":\"1,00\"}")),
                named("huge amount", deposit("{\"amount\":1e400}")),
                named("just above the maximum", deposit("{\"amount\":\"10000000000000000.00\"}")),
                named("largest exponent", deposit("{\"amount\":1e2147483647}")),
                named("smallest exponent", deposit("{\"amount\":1e-2147483647}")),
                named("exponent out of range", deposit("{\"amount\":\"1e-2147483649\"}")),
                named("two thousand digits", deposit("{\"amount\":" + "9".repeat(2000) + "}")),
                // types and fields
                named("boolean amount", deposit("{\"amount\":true}")),
                named("array amount", deposit("{\"amount\":[1]}")),
                named("object amount", deposit("{\"amount\":{\"value\":1}}")),
                named("null amount", deposit("{\"amount\":null}")),
                named("missing amount", deposit("{}")),
                named("unknown field", deposit("{\"ammount\":\"1\"}")),
                named("numeric description", deposit("{\"amount\":\"1\",\"description\":5}")),
                named(
                        "description too long",
                        deposit("{\"amount\":\"1\",\"description\":\"" + "d".repeat(501) + "\"}")),
                named("malformed occurredAt", deposit("{\"amount\":\"1\",\"occurredAt\":\"yesterday\"}")),
                named(
                        "occurredAt while imports are off",
                        deposit("{\"amount\":\"1\",\"occurredAt\":\"2020-01-01T00:00:00Z\"}")),
                // the body itself
                named("invalid JSON", deposit("{\"amount\":")),
                named("trailing tokens", deposit("{\"amount\":\"1\"} {}")),
                named("duplicate member", deposit("{\"amount\":\"1\",\"amount\":\"2\"}")),
                named("array body", deposit("[{\"amount\":\"1\"}]")),
                named("string body", deposit("\"1\"")),
                named("null body", deposit("null")),
                named("empty body", deposit("")),
                named(
                        "text/plain",
                        new BadRequest(
                                OPEN + "/deposits",
                                "text/plain",
                                "{\"amount\":\"1\"}",
                                new String[0],
                                415,
                                "unsupported-media-type")),
                named(
                        "no content type",
                        new BadRequest(
                                OPEN + "/deposits",
                                null,
                                "{\"amount\":\"1\"}",
                                new String[0],
                                415,
                                "unsupported-media-type")),
                named(
                        "form body",
                        new BadRequest(
                                OPEN + "/deposits",
                                "application/x-www-form-urlencoded",
                                "amount=1",
                                new String[0],
                                415,
                                "unsupported-media-type")),
                named("body over 64 KiB", json(OPEN + "/deposits", tooBig, 413, "payload-too-large")),
                // headers
                named("If-Match not a version", deposit("{\"amount\":\"1\"}").withHeaders("If-Match", "banana")),
                named("negative If-Match", deposit("{\"amount\":\"1\"}").withHeaders("If-Match", "\"-1\"")),
                named(
                        "Idempotency-Key with a space",
                        deposit("{\"amount\":\"1\"}").withHeaders("Idempotency-Key", "two words")),
                named(
                        "Idempotency-Key too long",
                        deposit("{\"amount\":\"1\"}").withHeaders("Idempotency-Key", "k".repeat(129))),
                named(
                        "stale If-Match",
                        json(OPEN + "/deposits", "{\"amount\":\"1\"}", 409, "version-conflict")
                                .withHeaders("If-Match", "\"7\"")),
                // accounts
                named(
                        "unknown account",
                        json("/accounts/nobody/deposits", "{\"amount\":\"1\"}", 404, "account-not-found")),
                named(
                        "interest on an unknown account",
                        json("/accounts/nobody/interest", "{\"amount\":\"1\"}", 404, "account-not-found")),
                named(
                        "account id with a space",
                        json("/accounts/bad%20id/deposits", "{\"amount\":\"1\"}", 400, "invalid-request")),
                named(
                        "account id too long",
                        json(
                                "/accounts/" + "a".repeat(65) + "/deposits",
                                "{\"amount\":\"1\"}",
                                400,
                                "invalid-request")),
                named(
                        "deposit on a closed account",
                        json(CLOSED + "/deposits", "{\"amount\":\"1\"}", 422, "account-closed")),
                named(
                        "withdrawal from a closed account",
                        json(CLOSED + "/withdrawals", "{\"amount\":\"1\"}", 422, "account-closed")),
                named(
                        "closing a closed account",
                        new BadRequest(CLOSED + "/close", null, null, new String[0], 422, "account-closed")),
                named(
                        "deposit beyond the largest balance",
                        json("/accounts/m-full/deposits", "{\"amount\":\"0.01\"}", 400, "invalid-request")),
                named(
                        "interest beyond the largest balance",
                        json("/accounts/m-full/interest", "{\"amount\":\"0.01\"}", 400, "invalid-request")),
                named("overdraw", json(OPEN + "/withdrawals", "{\"amount\":\"10.01\"}", 422, "insufficient-funds")),
                named(
                        "close with money left",
                        new BadRequest(OPEN + "/close", null, null, new String[0], 422, "non-zero-balance")),
                named(
                        "open twice",
                        json(
                                "/accounts",
                                "{\"accountId\":\"m-open\",\"holder\":\"Again\"," + "\"initialDeposit\":\"1\"}",
                                409,
                                "account-exists")),
                // opening
                named(
                        "open without holder",
                        json(
                                "/accounts",
                                "{\"accountId\":\"m-new\",\"initialDeposit\":\"1\"}",
                                400,
                                "invalid-request")),
                named(
                        "open with a numeric holder",
                        json(
                                "/accounts",
                                "{\"accountId\":\"m-new\",\"holder\":7,\"initialDeposit\":\"1\"}",
                                400,
                                "invalid-request")),
                named(
                        "open with a blank holder",
                        json(
                                "/accounts",
                                "{\"accountId\":\"m-new\",\"holder\":\"  \",\"initialDeposit\":\"1\"}",
                                400,
                                "invalid-request")),
                named(
                        "open with a holder too long",
                        json(
                                "/accounts",
                                "{\"accountId\":\"m-new\",\"holder\":\"" + "h".repeat(201)
                                        + "\",\"initialDeposit\":\"1\"}",
                                400,
                                "invalid-request")),
                named(
                        "open with a negative deposit",
                        json(
                                "/accounts",
                                "{\"accountId\":\"m-new\",\"holder\":\"H\",\"initialDeposit\":\"-0.01\"}",
                                400,
                                "invalid-request")),
                named(
                        "open without initial deposit",
                        json("/accounts", "{\"accountId\":\"m-new\",\"holder\":\"H\"}", 400, "invalid-request")),
                named(
                        "open with an invalid account id",
                        json(
                                "/accounts",
                                "{\"accountId\":\"a b\",\"holder\":\"H\",\"initialDeposit\":\"1\"}",
                                400,
                                "invalid-request")),
                named(
                        "open with a numeric account id",
                        json(
                                "/accounts",
                                "{\"accountId\":12,\"holder\":\"H\",\"initialDeposit\":\"1\"}",
                                400,
                                "invalid-request")),
                // interest and close
                named(
                        "interest with three decimals",
                        json(OPEN + "/interest", "{\"amount\":\"0.005\"}", 400, "invalid-request")),
                named(
                        "interest with a description",
                        json(OPEN + "/interest", "{\"amount\":\"1\",\"description\":\"x\"}", 400, "invalid-request")),
                named(
                        "close with a text body",
                        new BadRequest(
                                OPEN + "/close", "text/plain", "now", new String[0], 415, "unsupported-media-type")),
                named(
                        "close with an unknown member",
                        json(OPEN + "/close", "{\"force\":true}", 400, "invalid-request")),
                named("unknown command", json(OPEN + "/transfers", "{\"amount\":\"1\"}", 404, "not-found")));
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void isAClientErrorWithItsProblemType(final BadRequest request) throws Exception {
        final HttpResponse<String> response =
                http.post(request.path(), request.contentType(), request.body(), request.headers());
        assertProblem(response, request.status(), request.kind());
    }

    @Order(1)
    @Test
    void aMethodAPathLacksIs405WithAllow() throws Exception {
        for (final String[] request : new String[][] {
            {"GET", "/accounts"},
            {"PUT", OPEN + "/deposits"},
            {"DELETE", OPEN + "/close"},
            {"GET", OPEN + "/withdrawals"}
        }) {
            final HttpResponse<String> response = http.send(request[0], request[1]);
            assertProblem(response, 405, "method-not-allowed");
            assertThat(response.headers().allValues("Allow"))
                    .as(request[0] + " " + request[1])
                    .containsExactly("POST");
        }
        assertProblem(http.send("DELETE", OPEN), 404, "not-found");
    }

    @Order(1)
    @Test
    void aChunkedBodyOver64KiBIsRefusedToo() throws Exception {
        assertProblem(
                http.postChunked(OPEN + "/deposits", "{\"amount\":\"" + "1".repeat(70_000) + "\"}"),
                413,
                "payload-too-large");
    }

    @Order(2)
    @Test
    void noneOfThemWroteAnything() {
        assertThat(TopicReader.events(kafka, topics.events()))
                .extracting(StoredEvent::accountId, StoredEvent::version)
                .containsExactlyInAnyOrder(
                        tuple("m-open", 1L), tuple("m-full", 1L), tuple("m-closed", 1L), tuple("m-closed", 2L));
    }
}
