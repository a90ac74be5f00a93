package dev.kes.projection.http;

import static dev.kes.projection.topology.TestEvents.deposited;
import static dev.kes.projection.topology.TestEvents.interest;
import static dev.kes.projection.topology.TestEvents.opened;
import static dev.kes.projection.topology.TestEvents.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.projection.ProjectionService;
import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.service.http.HttpServer;
import dev.kes.service.http.Json;
import dev.kes.service.kafka.ConsistencyToken;
import dev.kes.service.kafka.TopicNames;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The query API of one projection-service instance on a real broker, fed by producing events straight to
 * account-events: the three history endpoints' answers and every 4xx they give (problem+json, never a 500).
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryApiTest {
    private static final String ADA = "ada";
    private final ObjectMapper json = new ObjectMapper();
    private ProjectionService service;
    private TestHttp api;

    @BeforeAll
    void start(final KafkaTestCluster kafka, @TempDir final Path state) throws Exception {
        final String prefix = TestNames.unique("query-api");
        final TopicNames topics = TopicNames.prefixed(prefix);
        final Map<String, String> config = TestProjections.config(kafka, prefix, 3, state);
        config.put("position.wait.ms", "1000");
        service = ProjectionService.start(ProjectionServiceConfig.of(config));
        api = new TestHttp(service.httpPort());
        TestProducer.produce(
                kafka,
                topics.events(),
                List.of(
                        opened(ADA, Instant.parse("2023-11-10T09:00:00Z"), "100"),
                        deposited(ADA, 2, Instant.parse("2023-11-20T09:00:00Z"), "50"),
                        withdrawn(ADA, 3, Instant.parse("2024-02-02T09:00:00Z"), "30"),
                        interest(ADA, 4, Instant.parse("2024-12-31T23:59:59.999Z"), "1.25")));
        // settled: RUNNING, so the one instance answers as the active owner, not flagged as a possibly stale copy
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(service.state()).isEqualTo(KafkaStreams.State.RUNNING);
            final HttpResponse<String> account = api.get("/accounts/" + ADA);
            assertThat(account.statusCode()).as(account.body()).isEqualTo(200);
            assertThat(body(account).get("version").asLong()).isEqualTo(4);
            assertThat(account.headers().firstValue(AccountRouting.STANDBY_HEADER))
                    .isEmpty();
        });
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    private JsonNode body(final HttpResponse<String> response) throws Exception {
        return json.readTree(response.body());
    }

    private JsonNode ok(final String path) throws Exception {
        final HttpResponse<String> response = api.get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue(AccountRouting.SERVED_BY_HEADER))
                .isPresent();
        return body(response);
    }

    private void assertProblem(final HttpResponse<String> response, final int status, final String type)
            throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(contentType -> assertThat(contentType).startsWith("application/problem+json"));
        final JsonNode problem = body(response);
        assertThat(problem.get("type").asText()).isEqualTo("urn:kes:problem:" + type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
    }

    @Test
    void balanceAsOfAnInstant() throws Exception {
        assertThat(ok("/accounts/ada/balance?at=2024-01-01T00:00:00Z"))
                .isEqualTo(
                        json.readTree(
                                "{\"accountId\":\"ada\",\"at\":\"2024-01-01T00:00:00Z\",\"balance\":\"150.00\",\"version\":2}"));
        assertThat(ok("/accounts/ada/balance?at=2023-11-10T09:00:00Z")
                        .get("balance")
                        .asText())
                .isEqualTo("100.00");
        assertThat(ok("/accounts/ada/balance?at=2030-01-01T00:00:00Z")
                        .get("version")
                        .asLong())
                .isEqualTo(4);
    }

    @Test
    void balanceNotFound() throws Exception {
        assertProblem(api.get("/accounts/ada/balance?at=2023-11-10T08:59:59.999Z"), 404, "not-open-at-instant");
        assertProblem(api.get("/accounts/nobody/balance?at=2024-01-01T00:00:00Z"), 404, "account-not-found");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no at              | /accounts/ada/balance",
                "empty at           | /accounts/ada/balance?at=",
                "a date, no time    | /accounts/ada/balance?at=2024-01-01",
                "month 13           | /accounts/ada/balance?at=2024-13-01T00:00:00Z",
                "not a time         | /accounts/ada/balance?at=yesterday",
                "bad account id     | /accounts/bad%20id/balance?at=2024-01-01T00:00:00Z",
                "bad position       | /accounts/ada/balance?at=2024-01-01T00:00:00Z&position=garbage",
            })
    void badBalanceRequests(final String name, final String path) throws Exception {
        assertProblem(api.get(path), 400, "invalid-request");
    }

    @Test
    void monthlySnapshotsOfAFullYearCarryTheBalanceThroughQuietMonths() throws Exception {
        final JsonNode year = ok("/accounts/ada/monthly-snapshots?year=2024");
        assertThat(year.get("accountId").asText()).isEqualTo(ADA);
        assertThat(year.get("year").asInt()).isEqualTo(2024);
        assertThat(year.get("months")).hasSize(12);
        assertThat(year.get("months").get(0))
                .isEqualTo(json.readTree("{\"month\":\"2024-01\",\"openingBalance\":"
                        + "\"150.00\",\"closingBalance\":\"150.00\",\"deposits\":\"0.00\",\"withdrawals\":\"0.00\","
                        + "\"interest\":\"0.00\",\"transfersIn\":\"0.00\",\"transfersOut\":\"0.00\",\"eventCount\":0,"
                        + "\"lastVersion\":2}"));
        assertThat(year.get("months").get(1).get("withdrawals").asText()).isEqualTo("30.00");
        assertThat(year.get("months").get(1).get("closingBalance").asText()).isEqualTo("120.00");
        assertThat(year.get("months").get(11).get("interest").asText()).isEqualTo("1.25");
        assertThat(year.get("months").get(11).get("closingBalance").asText()).isEqualTo("121.25");
        assertThat(year.get("months").get(11).get("lastVersion").asLong()).isEqualTo(4);
    }

    @Test
    void monthlySnapshotsOfTheOpeningYearStartWithTheOpeningMonth() throws Exception {
        final JsonNode months = ok("/accounts/ada/monthly-snapshots?year=2023").get("months");
        assertThat(months).hasSize(2);
        assertThat(months.get(0).get("month").asText()).isEqualTo("2023-11");
        assertThat(months.get(0).get("openingBalance").asText()).isEqualTo("0.00");
        assertThat(months.get(0).get("deposits").asText()).isEqualTo("150.00");
        assertThat(months.get(0).get("eventCount").asInt()).isEqualTo(2);
        assertThat(months.get(1).get("month").asText()).isEqualTo("2023-12");
    }

    @Test
    void monthlySnapshotsOfTheCurrentYearEndWithTheCurrentMonth() throws Exception {
        final Instant now = Instant.now();
        final JsonNode months = ok("/accounts/ada/monthly-snapshots?year=" + Year.now(ZoneOffset.UTC))
                .get("months");
        assertThat(months.get(months.size() - 1).get("month").asText())
                .isEqualTo(now.atOffset(ZoneOffset.UTC).toString().substring(0, 7));
    }

    @Test
    void monthlySnapshotsNotFound() throws Exception {
        assertProblem(api.get("/accounts/ada/monthly-snapshots?year=2022"), 404, "not-open-in-year");
        assertProblem(api.get("/accounts/nobody/monthly-snapshots?year=2024"), 404, "account-not-found");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no year            | /accounts/ada/monthly-snapshots",
                "two digits         | /accounts/ada/monthly-snapshots?year=24",
                "letters            | /accounts/ada/monthly-snapshots?year=abcd",
                "fraction           | /accounts/ada/monthly-snapshots?year=2024.5",
                "negative           | /accounts/ada/monthly-snapshots?year=-2024",
                "year zero          | /accounts/ada/monthly-snapshots?year=0000",
                "far future         | /accounts/ada/monthly-snapshots?year=9999",
                "bad account id     | /accounts/-ada/monthly-snapshots?year=2024",
            })
    void badMonthlySnapshotRequests(final String name, final String path) throws Exception {
        assertProblem(api.get(path), 400, "invalid-request");
    }

    @Test
    void eventsPageThroughTheAuditTrail() throws Exception {
        final JsonNode first = ok("/accounts/ada/events?limit=3");
        assertThat(first.get("accountId").asText()).isEqualTo(ADA);
        assertThat(first.get("events"))
                .extracting(e -> e.get("version").asLong())
                .containsExactly(1L, 2L, 3L);
        assertThat(first.get("nextVersion").asLong()).isEqualTo(4);
        final JsonNode opening = first.get("events").get(0);
        assertThat(opening.get("eventId").asText()).isEqualTo("ada-1");
        assertThat(opening.get("type").asText()).isEqualTo("AccountOpened");
        assertThat(opening.get("occurredAt").asText()).isEqualTo("2023-11-10T09:00:00Z");
        assertThat(opening.get("data")).isEqualTo(json.readTree("{\"holder\":\"Ada\",\"initialDeposit\":\"100.00\"}"));
        assertThat(opening.get("metadata").has("correlationId")).isTrue();

        final JsonNode last = ok("/accounts/ada/events?fromVersion=4");
        assertThat(last.get("events")).extracting(e -> e.get("type").asText()).containsExactly("InterestAdded");
        assertThat(last.has("nextVersion")).isFalse();
        assertThat(ok("/accounts/ada/events?fromVersion=5").get("events")).isEmpty();
    }

    @Test
    void eventsOfAnUnknownAccount() throws Exception {
        assertProblem(api.get("/accounts/nobody/events"), 404, "account-not-found");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "fromVersion 0      | /accounts/ada/events?fromVersion=0",
                "negative version   | /accounts/ada/events?fromVersion=-1",
                "version not number | /accounts/ada/events?fromVersion=one",
                "version too big    | /accounts/ada/events?fromVersion=99999999999999999999",
                "limit 0            | /accounts/ada/events?limit=0",
                "limit over 1000    | /accounts/ada/events?limit=1001",
                "limit not number   | /accounts/ada/events?limit=ten",
                "empty limit        | /accounts/ada/events?limit=",
                "id too long        | /accounts/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/events",
            })
    void badEventRequests(final String name, final String path) throws Exception {
        assertProblem(api.get(path), 400, "invalid-request");
    }

    @Test
    void aPositionIsWaitedForOnEveryEndpoint() throws Exception {
        final String reached = new ConsistencyToken(ADA, 4).encode();
        for (final String path : List.of(
                "/accounts/ada",
                "/accounts/ada/balance?at=2024-06-01T00:00:00Z",
                "/accounts/ada/monthly-snapshots?year=2024",
                "/accounts/ada/events")) {
            final String separator = path.contains("?") ? "&" : "?";
            ok(path + separator + "position=" + reached);
            final HttpResponse<String> behind =
                    api.get(path + separator + "position=" + new ConsistencyToken(ADA, 99).encode());
            assertProblem(behind, 503, "position-not-reached");
            assertThat(behind.headers().firstValue("Retry-After")).isPresent();
        }
    }

    /** A peer's answer is relayed as is: status, body, content type, ETag and the X-Kes-* headers. */
    @Test
    void aForwardedRequestGetsThePeersAnswer() throws Exception {
        final PeerForwarder forwarder = new PeerForwarder(Duration.ofSeconds(1));
        final String owner = "127.0.0.1:" + service.httpPort();
        try (HttpServer front = HttpServer.start(
                "127.0.0.1",
                0,
                Json.mapper(),
                () -> null,
                () -> "",
                app -> app.get(
                        "/accounts/<rest>",
                        ctx -> forwarder.ask(ctx, owner).orElseThrow().relayTo(ctx)))) {
            final TestHttp viaFront = new TestHttp(front.port());
            final HttpResponse<String> account = viaFront.get("/accounts/ada");
            assertThat(account.statusCode()).isEqualTo(200);
            assertThat(body(account)).isEqualTo(body(api.get("/accounts/ada")));
            assertThat(account.headers().firstValue("ETag")).hasValue("\"4\"");
            assertThat(account.headers().firstValue(AccountRouting.SERVED_BY_HEADER))
                    .hasValue(owner);
            assertThat(account.headers().firstValue(AccountRouting.STANDBY_HEADER))
                    .isEmpty();
            assertThat(viaFront.get("/accounts/ada", "If-None-Match", "\"4\"").statusCode())
                    .isEqualTo(304);
            assertThat(body(viaFront.get("/accounts/ada/events?fromVersion=2&limit=1"))
                            .get("nextVersion")
                            .asLong())
                    .isEqualTo(3);
            assertProblem(viaFront.get("/accounts/ada/balance?at=2001-01-01T00:00:00Z"), 404, "not-open-at-instant");
        }
        try (HttpServer front = HttpServer.start(
                "127.0.0.1",
                0,
                Json.mapper(),
                () -> null,
                () -> "",
                app -> app.get(
                        "/accounts/<rest>",
                        ctx -> ctx.result(
                                forwarder.ask(ctx, "127.0.0.1:1").isPresent() ? "answered" : "unreachable")))) {
            assertThat(new TestHttp(front.port()).get("/accounts/ada").body()).isEqualTo("unreachable");
        }
    }

    @Test
    void readyWhenRunning() {
        final HttpResponse<String> ready = api.get("/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    }
}
