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
import dev.kes.projection.query.Placement;
import dev.kes.service.kafka.ConsistencyToken;
import dev.kes.service.kafka.TopicNames;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three instances of the projection service with one application.id on one cluster, standby replicas on: every
 * instance answers every account with the same body as the account's owner, which {@code X-Kes-Served-By} names;
 * once the owner of an account stops, the two others answer it the same, first from a standby copy or the
 * rebalance's new owner, then from the new owner.
 */
@WithKafka
class MultiInstanceQueryTest {
    private static final int INSTANCES = 3;
    private static final int PARTITIONS = 6;
    private static final int ACCOUNTS = 30;
    private static final Instant OPENED = Instant.parse("2024-01-15T10:00:00Z");
    private static final Duration BOUND = Duration.ofSeconds(60);

    private final ObjectMapper json = new ObjectMapper();
    private final Map<Integer, TestHttp> clients = new HashMap<>();

    /** What the events of one account add up to. */
    private record Expected(String balance, long version) {}

    @Test
    void everyInstanceAnswersEveryAccountAndTheOthersTakeOverFromAStoppedOwner(
            final KafkaTestCluster kafka, @TempDir final Path state) throws Exception {
        final String prefix = TestNames.unique("multi-instance");
        final TopicNames topics = TopicNames.prefixed(prefix);
        final List<ProjectionService> services = new ArrayList<>();
        try {
            for (int i = 0; i < INSTANCES; i++) {
                services.add(ProjectionService.start(
                        ProjectionServiceConfig.of(config(kafka, prefix, state.resolve("instance-" + i)))));
            }
            final Map<String, Expected> expected = produceHistories(kafka, topics.events());
            await().atMost(BOUND)
                    .untilAsserted(() -> assertThat(services)
                            .allSatisfy(service -> assertThat(service.state()).isEqualTo(KafkaStreams.State.RUNNING)));

            await().atMost(BOUND).untilAsserted(() -> {
                for (final String account : expected.keySet()) {
                    assertAnsweredByTheOwnerEverywhere(services, account, expected.get(account));
                }
            });
            await().atMost(BOUND).untilAsserted(() -> {
                for (final String account : expected.keySet()) {
                    assertSameAnswersEverywhere(services, account);
                }
            });
            // the partitions are spread: every instance owns some accounts, so every one forwards and is forwarded to
            assertThat(expected.keySet().stream()
                            .map(id -> services.get(0).placement(id).active())
                            .distinct())
                    .containsExactlyInAnyOrderElementsOf(
                            services.stream().map(MultiInstanceQueryTest::name).toList());

            await().atMost(BOUND).untilAsserted(() -> {
                for (final String account : expected.keySet()) {
                    assertForwardedRequestsAnsweredFromTheirOwnCopyOnly(services, account);
                }
            });

            final String account = account(7);
            final Expected seven = expected.get(account);
            assertPositionsAcrossInstances(services, account, seven);

            final String owner = header(get(services.get(0), "/accounts/" + account), AccountRouting.SERVED_BY_HEADER);
            final ProjectionService stopped = services.stream()
                    .filter(service -> owner.equals(name(service)))
                    .findFirst()
                    .orElseThrow();
            final Map<String, JsonNode> before = answers(stopped, account);
            stopped.close();
            services.remove(stopped);

            // at once a standby copy (flagged) or, after the rebalance, the new owner answers: the same
            await().atMost(BOUND).untilAsserted(() -> {
                for (final ProjectionService service : services) {
                    assertThat(answers(service, account)).isEqualTo(before);
                }
            });
            // and the partition has a new active owner among the survivors, which every survivor forwards to
            await().atMost(BOUND).untilAsserted(() -> assertAnsweredByTheOwnerEverywhere(services, account, seven));
            assertThat(services.get(0).placement(account).active()).isNotEqualTo(owner);
        } finally {
            services.forEach(ProjectionService::close);
        }
    }

    private static Map<String, String> config(final KafkaTestCluster kafka, final String prefix, final Path state) {
        final Map<String, String> config = TestProjections.config(kafka, prefix, PARTITIONS, state);
        config.put("num.standby.replicas", "1");
        config.put("position.wait.ms", "500");
        // a member that leaves is noticed at the next heartbeat (3 s by default)
        config.put("streams.main.consumer.heartbeat.interval.ms", "500");
        config.put("streams.main.consumer.session.timeout.ms", "6000");
        // the histories are far below this lag: a joining instance takes over active tasks at once, no warm-up
        config.put("streams.acceptable.recovery.lag", "10000");
        config.put("streams.probing.rebalance.interval.ms", "60000");
        return config;
    }

    /** Histories of 1 to 5 events spread over 2024 and 2025, so that months, instants and pages differ. */
    private static Map<String, Expected> produceHistories(final KafkaTestCluster kafka, final String topic)
            throws Exception {
        final Map<String, Expected> expected = new LinkedHashMap<>();
        final List<SpecificRecord> events = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            final String id = account(i);
            final Instant opened = OPENED.plus(i, ChronoUnit.DAYS);
            events.add(opened(id, opened, "100"));
            BigDecimal balance = new BigDecimal("100.00");
            long version = 1;
            for (int n = 0; n < i % 5; n++) {
                final Instant at = opened.plus(45L * (n + 1), ChronoUnit.DAYS);
                version++;
                switch (n % 3) {
                    case 0 -> {
                        events.add(deposited(id, version, at, "25.50"));
                        balance = balance.add(new BigDecimal("25.50"));
                    }
                    case 1 -> {
                        events.add(withdrawn(id, version, at, "10.00"));
                        balance = balance.subtract(new BigDecimal("10.00"));
                    }
                    default -> {
                        events.add(interest(id, version, at, "1.25"));
                        balance = balance.add(new BigDecimal("1.25"));
                    }
                }
            }
            expected.put(id, new Expected(balance.toPlainString(), version));
        }
        TestProducer.produce(kafka, topic, events);
        return expected;
    }

    private static String account(final int i) {
        return String.format("acc-%02d", i);
    }

    /** 200 from every instance, the expected balance and version, served (not as a standby) by the owner. */
    private void assertAnsweredByTheOwnerEverywhere(
            final List<ProjectionService> services, final String account, final Expected expected) throws Exception {
        for (final ProjectionService service : services) {
            final HttpResponse<String> answer = get(service, "/accounts/" + account);
            assertThat(answer.statusCode())
                    .as("%s from %s: %s", account, name(service), answer.body())
                    .isEqualTo(200);
            final JsonNode body = json.readTree(answer.body());
            assertThat(body.get("balance").asText()).as(account).isEqualTo(expected.balance());
            assertThat(body.get("version").asLong()).as(account).isEqualTo(expected.version());
            assertThat(answer.headers().firstValue(AccountRouting.STANDBY_HEADER))
                    .as(account)
                    .isEmpty();
            assertThat(header(answer, AccountRouting.SERVED_BY_HEADER))
                    .as(account)
                    .isEqualTo(service.placement(account).active());
        }
    }

    /**
     * A forwarded request is answered from the receiving instance's copy, whatever its stores say when read: by the
     * owner, by a standby (flagged), or by neither (503, naming no instance).
     */
    private void assertForwardedRequestsAnsweredFromTheirOwnCopyOnly(
            final List<ProjectionService> services, final String account) {
        for (final ProjectionService service : services) {
            final Placement placement = service.placement(account);
            final HttpResponse<String> answer = clients.computeIfAbsent(service.httpPort(), TestHttp::new)
                    .get("/accounts/" + account, PeerForwarder.FORWARDED_HEADER, "true");
            final String what = account + " forwarded to " + name(service) + ": " + answer.body();
            if (placement.activeHere() || placement.standbys().contains(name(service))) {
                assertThat(answer.statusCode()).as(what).isEqualTo(200);
                assertThat(header(answer, AccountRouting.SERVED_BY_HEADER))
                        .as(what)
                        .isEqualTo(name(service));
                assertThat(header(answer, AccountRouting.STANDBY_HEADER))
                        .as(what)
                        .isEqualTo(placement.activeHere() ? null : "true");
            } else {
                assertThat(answer.statusCode()).as(what).isEqualTo(503);
                assertThat(answer.body()).as(what).contains("projection-unavailable", "holds no copy");
                assertThat(header(answer, AccountRouting.SERVED_BY_HEADER))
                        .as(what)
                        .isNull();
            }
        }
    }

    /** Every endpoint's answer is the same from every instance. */
    private void assertSameAnswersEverywhere(final List<ProjectionService> services, final String account)
            throws Exception {
        final Map<String, JsonNode> first = answers(services.get(0), account);
        for (final ProjectionService service : services.subList(1, services.size())) {
            assertThat(answers(service, account))
                    .as("%s from %s", account, name(service))
                    .isEqualTo(first);
        }
    }

    /** The account, its balance at two instants, its 2024 and 2025 statements and its events, each a 200. */
    private Map<String, JsonNode> answers(final ProjectionService service, final String account) throws Exception {
        final Map<String, JsonNode> answers = new LinkedHashMap<>();
        for (final String path : List.of(
                "",
                "/balance?at=2024-06-30T00:00:00Z",
                "/balance?at=2026-01-01T00:00:00Z",
                "/monthly-snapshots?year=2024",
                "/monthly-snapshots?year=2025",
                "/events?limit=3")) {
            final HttpResponse<String> answer = get(service, "/accounts/" + account + path);
            assertThat(answer.statusCode())
                    .as("%s%s from %s: %s", account, path, name(service), answer.body())
                    .isEqualTo(200);
            answers.put(path, json.readTree(answer.body()));
        }
        return answers;
    }

    /** A ?position= token is honoured by the owner on behalf of any instance, a 503 when it is ahead. */
    private void assertPositionsAcrossInstances(
            final List<ProjectionService> services, final String account, final Expected expected) {
        for (final ProjectionService service : services) {
            final String path = "/accounts/" + account + "/events?position=";
            assertThat(get(service, path + new ConsistencyToken(account, expected.version()).encode())
                            .statusCode())
                    .isEqualTo(200);
            final HttpResponse<String> ahead =
                    get(service, path + new ConsistencyToken(account, expected.version() + 1).encode());
            assertThat(ahead.statusCode()).as(ahead.body()).isEqualTo(503);
            assertThat(ahead.body()).contains("position-not-reached");
            assertThat(ahead.headers().firstValue("Retry-After")).isPresent();
        }
    }

    private HttpResponse<String> get(final ProjectionService service, final String path) {
        return clients.computeIfAbsent(service.httpPort(), TestHttp::new).get(path);
    }

    private static String header(final HttpResponse<String> response, final String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private static String name(final ProjectionService service) {
        return "127.0.0.1:" + service.httpPort();
    }
}
