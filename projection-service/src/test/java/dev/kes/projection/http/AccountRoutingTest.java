package dev.kes.projection.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.service.http.HttpServer;
import dev.kes.service.http.Json;
import dev.kes.service.kafka.ConsistencyToken;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which copy answers, without Kafka: instances are HTTP servers over {@link FakeQueries} that say where the
 * account's partition is. A dead instance is a port nothing listens on.
 */
class AccountRoutingTest {
    private static final Duration POSITION_WAIT = Duration.ofMillis(300);
    private static final String DEAD = "127.0.0.1:1";
    private static final String PATH = "/accounts/ada";

    private final ObjectMapper json = new ObjectMapper();
    private final Instance a = new Instance();
    private final Instance b = new Instance();

    /** One projection-service instance's HTTP API over a fake view of the stores. */
    private static final class Instance implements AutoCloseable {
        final FakeQueries queries = new FakeQueries();
        final HttpServer server = HttpServer.start(
                "127.0.0.1",
                0,
                Json.mapper(),
                () -> null,
                () -> "",
                app -> QueryRoutes.register(app, queries, POSITION_WAIT));
        final TestHttp http = new TestHttp(server.port());

        Instance() {
            queries.self = "127.0.0.1:" + server.port();
        }

        String name() {
            return queries.self;
        }

        @Override
        public void close() {
            server.close();
        }
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    @Test
    void theSettledActiveOwnerAnswersWithoutTheStandbyFlag() {
        a.queries.place(a.name(), List.of(b.name()), true, true);
        final HttpResponse<String> answer = a.http.get(PATH);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue(AccountRouting.SERVED_BY_HEADER)).hasValue(a.name());
        assertThat(answer.headers().firstValue(AccountRouting.STANDBY_HEADER)).isEmpty();
    }

    @Test
    void aReachableOwnerIsAskedRatherThanTheLocalStandby() {
        a.queries.place(b.name(), List.of(a.name()), true, true);
        b.queries.place(b.name(), List.of(a.name()), true, true);
        final HttpResponse<String> answer = a.http.get(PATH);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue(AccountRouting.SERVED_BY_HEADER)).hasValue(b.name());
        assertThat(answer.headers().firstValue(AccountRouting.STANDBY_HEADER)).isEmpty();
    }

    @Test
    void theLocalStandbyAnswersWhenTheOwnerIsGone() {
        a.queries.place(DEAD, List.of(a.name()), true, true);
        final HttpResponse<String> answer = a.http.get(PATH);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue(AccountRouting.SERVED_BY_HEADER)).hasValue(a.name());
        assertThat(answer.headers().firstValue(AccountRouting.STANDBY_HEADER)).hasValue("true");
    }

    @Test
    void aRemoteStandbyAnswersWhenTheOwnerIsGoneAndThereIsNoCopyHere() throws Exception {
        a.queries.place(DEAD, List.of(b.name()), false, true);
        b.queries.place(DEAD, List.of(b.name()), true, true);
        final HttpResponse<String> answer = a.http.get(PATH);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(json.readTree(answer.body()).get("version").asLong()).isEqualTo(3);
        assertThat(answer.headers().firstValue(AccountRouting.SERVED_BY_HEADER)).hasValue(b.name());
        assertThat(answer.headers().firstValue(AccountRouting.STANDBY_HEADER)).hasValue("true");
        assertThat(answer.headers().firstValue("ETag")).hasValue("\"3\"");
    }

    @Test
    void anOwnerWithoutACopyIsPassedOverForTheStandby() {
        // b is the owner on paper but is still restoring elsewhere, or has just lost the partition: it answers 503
        a.queries.place(b.name(), List.of(a.name()), true, true);
        b.queries.place(b.name(), List.of(a.name()), false, false);
        final HttpResponse<String> answer = a.http.get(PATH);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue(AccountRouting.SERVED_BY_HEADER)).hasValue(a.name());
        assertThat(answer.headers().firstValue(AccountRouting.STANDBY_HEADER)).hasValue("true");
    }

    @Test
    void whileRebalancingTheLocalCopyAnswersFlagged() {
        a.queries.place(a.name(), List.of(b.name()), true, false);
        final HttpResponse<String> answer = a.http.get(PATH);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue(AccountRouting.STANDBY_HEADER)).hasValue("true");
    }

    @Test
    void aForwardedRequestIsAnsweredHereOrNotAtAll() throws Exception {
        // a thinks b owns the account; b thinks a does and holds no copy: b must not send the request back
        a.queries.place(b.name(), List.of(), false, true);
        b.queries.place(a.name(), List.of(), false, true);
        final HttpResponse<String> answer = a.http.get(PATH);
        assertProblem(answer, 503, "projection-unavailable");
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        assertThat(a.queries.placementCalls).hasValue(1);
        assertThat(b.queries.placementCalls).hasValue(1);
    }

    @Test
    void noReachableCopyIsA503WithRetryAfter() throws Exception {
        a.queries.place(DEAD, List.of("127.0.0.1:2"), false, true);
        final HttpResponse<String> answer = a.http.get(PATH);
        assertProblem(answer, 503, "projection-unavailable");
        assertThat(json.readTree(answer.body()).get("detail").asText()).contains(DEAD, "127.0.0.1:2");
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void aStandbyCopyAnswersAPositionOnlyOnceItReachedIt() throws Exception {
        a.queries.place(DEAD, List.of(a.name()), true, true);
        a.queries.version = 3;
        assertThat(a.http.get(PATH + "?position=" + new ConsistencyToken("ada", 3).encode())
                        .statusCode())
                .isEqualTo(200);
        final HttpResponse<String> behind = a.http.get(PATH + "?position=" + new ConsistencyToken("ada", 4).encode());
        assertProblem(behind, 503, "position-not-reached");
        assertThat(behind.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void anOwnerBehindThePositionIsTheAnswerNoStandbyIsAsked() throws Exception {
        // the standby copy trails the active one: if the owner has not reached the position, it has not either
        a.queries.place(b.name(), List.of(a.name()), true, true);
        b.queries.place(b.name(), List.of(a.name()), true, true);
        a.queries.version = 9;
        b.queries.version = 3;
        assertProblem(
                a.http.get(PATH + "?position=" + new ConsistencyToken("ada", 4).encode()), 503, "position-not-reached");
    }

    @Test
    void aRequestLooksThePartitionUpOnceAndReadsOnlyToAnswer() {
        a.queries.place(a.name(), List.of(b.name()), true, true);
        b.queries.place(a.name(), List.of(b.name()), true, true);
        assertThat(a.http.get(PATH).statusCode()).isEqualTo(200);
        assertThat(a.queries.placementCalls).hasValue(1);
        assertThat(a.queries.reads).hasValue(1);

        final HttpResponse<String> viaB = b.http.get(PATH + "?position=" + new ConsistencyToken("ada", 3).encode());
        assertThat(viaB.statusCode()).isEqualTo(200);
        assertThat(viaB.headers().firstValue(AccountRouting.SERVED_BY_HEADER)).hasValue(a.name());
        assertThat(b.queries.placementCalls).hasValue(1);
        assertThat(b.queries.reads)
                .as("b forwards to the owner without touching its standby copy")
                .hasValue(0);
        assertThat(a.queries.placementCalls).hasValue(2);
        assertThat(a.queries.reads)
                .as("the position's versions, then the answer")
                .hasValue(3);
    }

    @Test
    void anOwnerOnPaperWithoutACopyPassesTheRequestToAStandby() {
        // the assignment names a, but its task is not there to read (not initialised yet, or just lost)
        a.queries.place(a.name(), List.of(b.name()), false, true);
        b.queries.place(a.name(), List.of(b.name()), true, true);
        final HttpResponse<String> answer = a.http.get(PATH);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue(AccountRouting.SERVED_BY_HEADER)).hasValue(b.name());
        assertThat(answer.headers().firstValue(AccountRouting.STANDBY_HEADER)).hasValue("true");
    }

    @Test
    void aCopyNotFoundHereLeavesNoHeaderNamingThisInstance() throws Exception {
        a.queries.place(a.name(), List.of(), false, true);
        final HttpResponse<String> owner = a.http.get(PATH);
        assertProblem(owner, 503, "projection-unavailable");
        assertThat(owner.headers().firstValue("Retry-After")).isPresent();
        assertThat(owner.headers().firstValue(AccountRouting.SERVED_BY_HEADER)).isEmpty();

        // rebalancing, the partition assigned here but its store not readable yet: the flagged attempt fails too
        a.queries.place(a.name(), List.of(), false, false);
        final HttpResponse<String> forwarded = a.http.get(PATH, PeerForwarder.FORWARDED_HEADER, "true");
        assertProblem(forwarded, 503, "projection-unavailable");
        assertThat(json.readTree(forwarded.body()).get("detail").asText()).contains("holds no copy");
        assertThat(forwarded.headers().firstValue(AccountRouting.SERVED_BY_HEADER))
                .isEmpty();
        assertThat(forwarded.headers().firstValue(AccountRouting.STANDBY_HEADER))
                .isEmpty();
    }

    @Test
    void aPositionWithoutACopyHereIsUnavailableNotBehind() throws Exception {
        a.queries.place(DEAD, List.of(a.name()), false, true);
        final HttpResponse<String> answer = a.http.get(PATH + "?position=" + new ConsistencyToken("ada", 1).encode());
        assertProblem(answer, 503, "projection-unavailable");
        assertThat(answer.headers().firstValue(AccountRouting.SERVED_BY_HEADER)).isEmpty();
    }

    @Test
    void theUpToDateOwnerWithoutTheAccountSaysItDoesNotExist() throws Exception {
        a.queries.place(a.name(), List.of(b.name()), true, true);
        a.queries.accountHere = false;
        assertProblem(a.http.get(PATH), 404, "account-not-found");
    }

    @Test
    void aRestoringOwnerWithoutTheAccountIsPassedOverForTheStandbyThatHasIt() {
        // b owns the partition but is still restoring it: its copy has not got the account yet
        a.queries.place(b.name(), List.of(a.name()), true, true);
        b.queries.place(b.name(), List.of(a.name()), true, false);
        b.queries.accountHere = false;
        final HttpResponse<String> answer = a.http.get(PATH);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue(AccountRouting.SERVED_BY_HEADER)).hasValue(a.name());
        assertThat(answer.headers().firstValue(AccountRouting.STANDBY_HEADER)).hasValue("true");
    }

    @Test
    void aStandbyWithoutTheAccountPassesTheRequestToAnotherCopy() {
        a.queries.place(DEAD, List.of(a.name(), b.name()), true, true);
        a.queries.accountHere = false;
        b.queries.place(DEAD, List.of(a.name(), b.name()), true, true);
        final HttpResponse<String> answer = a.http.get(PATH);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue(AccountRouting.SERVED_BY_HEADER)).hasValue(b.name());
        assertThat(answer.headers().firstValue(AccountRouting.STANDBY_HEADER)).hasValue("true");
    }

    @Test
    void copiesThatMayTrailAndHaveNotGotTheAccountAnswer503NotNotFound() throws Exception {
        for (final String path : List.of(
                PATH,
                PATH + "/balance?at=2024-01-01T00:00:00Z",
                PATH + "/monthly-snapshots?year=2024",
                PATH + "/events")) {
            // the owner is gone; the standby here and the one on b have not got the account
            a.queries.place(DEAD, List.of(a.name(), b.name()), true, true);
            a.queries.accountHere = false;
            b.queries.place(DEAD, List.of(a.name(), b.name()), true, true);
            b.queries.accountHere = false;
            final HttpResponse<String> answer = a.http.get(path);
            assertProblem(answer, 503, "projection-unavailable");
            assertThat(answer.headers().firstValue("Retry-After")).as(path).isPresent();
            assertThat(answer.headers().firstValue(AccountRouting.SERVED_BY_HEADER))
                    .as(path)
                    .isEmpty();
            assertThat(json.readTree(answer.body()).get("detail").asText()).contains(a.name(), b.name());

            // rebalancing, the owner here: its copy may be restoring
            a.queries.place(a.name(), List.of(), true, false);
            assertProblem(a.http.get(path), 503, "projection-unavailable");
        }
    }

    @Test
    void anOwnerThatStartsRebalancingDuringTheReadDoesNotSayItDoesNotExist() throws Exception {
        a.queries.place(a.name(), List.of(), true, true);
        a.queries.accountHere = false;
        a.queries.duringRead = () -> a.queries.place(a.name(), List.of(), true, false);
        assertProblem(a.http.get(PATH), 503, "projection-unavailable");
    }

    private void assertProblem(final HttpResponse<String> response, final int status, final String type)
            throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        final JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("type").asText()).isEqualTo("urn:kes:problem:" + type);
    }
}
