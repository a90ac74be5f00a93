package dev.kes.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.command.http.CommandRoutes;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import dev.kes.projection.http.QueryRoutes;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A seeded HTTP fuzz over every route of both services on a real broker: random bytes, deep nesting, odd numbers,
 * odd unicode, bad headers, long and hostile paths, bad query parameters, wrong methods. Every answer is complete,
 * never a 5xx, and every 4xx is problem+json (Jetty's own refusals included); nothing reaches Kafka for a refused
 * request; a valid command afterwards still goes all the way to the query side. Every answer is also one the service's
 * OpenAPI document declares: status, required headers, Content-Type and body schema ({@link OpenApiContract}).
 * {@code -Dfuzz.seed=N} replays another run, {@code -Dfuzz.cases=N} scales it (default {@value #DEFAULT_CASES}).
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpFuzzTest {
    private static final Logger LOG = LoggerFactory.getLogger(HttpFuzzTest.class);
    private static final long DEFAULT_SEED = 20_261_126L;
    private static final int DEFAULT_CASES = 4000;
    private static final String TOKEN = "fuzz-token-0123456789abcdef";
    private static final String[] AUTH = {"Authorization", "Bearer " + TOKEN};
    /** Problem types only the command processor gives: a request answered with one got as far as Kafka. */
    private static final Set<String> PROCESSOR_REJECTIONS = Set.of(
            "version-conflict",
            "account-exists",
            "account-not-found",
            "account-closed",
            "insufficient-funds",
            "non-zero-balance");

    private final ObjectMapper json = new ObjectMapper();
    private final Map<HttpFuzzCase.Service, OpenApiContract> contracts = Map.of(
            HttpFuzzCase.Service.COMMANDS, OpenApiContract.load(CommandRoutes.API_DOCUMENT),
            HttpFuzzCase.Service.QUERIES, OpenApiContract.load(QueryRoutes.API_DOCUMENT));
    private final long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
    private final int cases = Integer.getInteger("fuzz.cases", DEFAULT_CASES);
    private KafkaTestCluster kafka;
    private RunningServices services;

    @BeforeAll
    void start(final KafkaTestCluster cluster, @TempDir final Path state) throws Exception {
        kafka = cluster;
        services = RunningServices.start(kafka, state, Map.of("http.auth.tokens", TOKEN + ":read+write"));
        final HttpResponse<String> opened = services.commandApi.postJson(
                "/accounts",
                "{\"accountId\":\"" + HttpFuzzCases.ACCOUNT + "\",\"holder\":\"Fuzz\",\"initialDeposit\":\"100.00\"}",
                AUTH);
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        // the projection has read the event once it answers at its position: every commit marker is written
        awaitBalance(json.readTree(opened.body()).get("position").asText(), "100.00");
    }

    @AfterAll
    void stop() {
        if (services != null) {
            services.close();
        }
    }

    @Test
    void everyHostileRequestIsAProblemAndWritesNothing() throws Exception {
        final String[] topics = {
            services.topics.commands(), services.topics.events(), services.topics.results(), services.topics.dlq()
        };
        final Map<String, Long> before = EndOffsets.of(kafka, topics);
        final HttpFuzzCases generated = new HttpFuzzCases(seed);
        final List<String> failures = new ArrayList<>();
        final Set<String> routesHit = new TreeSet<>();
        final Map<String, Map<Integer, Integer>> statuses = new TreeMap<>();
        for (int i = 0; i < cases; i++) {
            final HttpFuzzCase fuzz = generated.get(i);
            routesHit.add(fuzz.service() + " " + fuzz.route());
            final int port = fuzz.service() == HttpFuzzCase.Service.COMMANDS
                    ? services.commands.httpPort()
                    : services.projection.httpPort();
            String failure;
            try {
                final RawHttp.Response response = RawHttp.exchange(port, fuzz.wire(TOKEN));
                statuses.computeIfAbsent(fuzz.generator(), g -> new TreeMap<>())
                        .merge(response.status(), 1, Integer::sum);
                failure = judge(fuzz, response);
                if (failure == null) {
                    failure = contracts
                            .get(fuzz.service())
                            .check(
                                    fuzz.method(),
                                    fuzz.target(),
                                    response.status(),
                                    response.headers(),
                                    response.body());
                }
            } catch (IOException e) {
                failure = "no complete answer: " + e;
            }
            if (failure != null) {
                failures.add("case " + i + ": " + fuzz.describe() + "\n    → " + failure);
            }
        }
        LOG.info("HTTP fuzz, seed {}, {} cases, statuses by generator: {}", seed, cases, statuses);

        assertThat(failures)
                .as(
                        "%d of %d cases failed (seed %d; replay with -Dfuzz.seed=%d -Dfuzz.cases=%d)",
                        failures.size(), cases, seed, seed, cases)
                .isEmpty();
        assertThat(routesHit).as("routes the fuzz reached").containsAll(everyRoute());
        assertThat(EndOffsets.of(kafka, topics))
                .as("nothing written for a refused request (seed %d)", seed)
                .isEqualTo(before);
        sentinelStillGoesThrough(before);
    }

    /** Null when the answer is one the contract allows for this case, else what is wrong with it. */
    private String judge(final HttpFuzzCase fuzz, final RawHttp.Response response) {
        final int status = response.status();
        final boolean clientError = status >= 400 && status < 500;
        if (status >= 500 || status < 200) {
            return "status " + status + ": " + HttpFuzzInputs.printable(response.text(), 300);
        }
        if (fuzz.expect() == HttpFuzzCase.Expect.REFUSED && !clientError) {
            return "refused input answered " + status + ": " + HttpFuzzInputs.printable(response.text(), 300);
        }
        if (!clientError) {
            return null;
        }
        final String mediaType = response.header("Content-Type");
        if (mediaType == null || !mediaType.startsWith("application/problem+json")) {
            return status + " with Content-Type " + mediaType + ": " + HttpFuzzInputs.printable(response.text(), 300);
        }
        try {
            final JsonNode problem = json.readTree(response.body());
            if (problem == null
                    || problem.path("status").asInt() != status
                    || problem.path("title").asText().isBlank()) {
                return status + " problem without a matching status and a title: " + response.text();
            }
            final String type = problem.path("type").asText();
            if (fuzz.service() == HttpFuzzCase.Service.COMMANDS
                    && PROCESSOR_REJECTIONS.contains(type.substring(type.lastIndexOf(':') + 1))) {
                return "refused only after it reached Kafka: " + response.text();
            }
            return null;
        } catch (IOException e) {
            return status + " problem body is not JSON: " + HttpFuzzInputs.printable(response.text(), 300);
        }
    }

    private static Set<String> everyRoute() {
        final Set<String> routes = new TreeSet<>();
        HttpFuzzCases.COMMAND_ROUTES.forEach(r -> routes.add(HttpFuzzCase.Service.COMMANDS + " " + r));
        HttpFuzzCases.QUERY_ROUTES.forEach(r -> routes.add(HttpFuzzCase.Service.QUERIES + " " + r));
        routes.add(HttpFuzzCase.Service.QUERIES + " " + HttpFuzzCases.LIST_ROUTE);
        for (final HttpFuzzCase.Service service : HttpFuzzCase.Service.values()) {
            HttpFuzzCases.SHARED_ROUTES.forEach(r -> routes.add(service + " " + r));
        }
        return routes;
    }

    /** The pipeline still works end to end, and the sentinel is the only thing the whole run wrote. */
    private void sentinelStillGoesThrough(final Map<String, Long> before) throws Exception {
        final HttpResponse<String> deposited = services.commandApi.postJson(
                "/accounts/" + HttpFuzzCases.ACCOUNT + "/deposits", "{\"amount\":\"0.50\"}", AUTH);
        assertThat(deposited.statusCode()).as(deposited.body()).isEqualTo(200);
        final JsonNode result = json.readTree(deposited.body());
        assertThat(result.get("version").asLong())
                .as("no fuzz case changed the account")
                .isEqualTo(2);
        awaitBalance(result.get("position").asText(), "100.50");
        final Map<String, Long> after = EndOffsets.of(kafka, services.topics.events());
        assertThat(after.values().stream().mapToLong(Long::longValue).sum())
                .isGreaterThan(before.entrySet().stream()
                        .filter(e -> e.getKey().startsWith(services.topics.events() + "-"))
                        .mapToLong(Map.Entry::getValue)
                        .sum());
    }

    private void awaitBalance(final String position, final String balance) throws Exception {
        final HttpResponse<String> account =
                services.queryApi.get("/accounts/" + HttpFuzzCases.ACCOUNT + "?position=" + position, AUTH);
        assertThat(account.statusCode()).as(account.body()).isEqualTo(200);
        assertThat(json.readTree(account.body()).get("balance").asText()).isEqualTo(balance);
    }
}
