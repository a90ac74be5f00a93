package dev.kes.projection.http;

import static dev.kes.projection.topology.TestEvents.opened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.projection.ProjectionService;
import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.service.kafka.TopicNames;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of the projection service, each running the active tasks of some partitions: {@code GET /accounts}
 * on either lists every account of every partition in accountId order (reading the other's partitions through it),
 * and once one stops, the other lists them all from the partitions it took over.
 */
@WithKafka
class MultiInstanceAccountListTest {
    private static final int PARTITIONS = 6;
    private static final int ACCOUNTS = 24;
    private static final Duration BOUND = Duration.ofSeconds(60);
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void eitherInstanceListsEveryPartitionsAccounts(final KafkaTestCluster kafka, @TempDir final Path state)
            throws Exception {
        final String prefix = TestNames.unique("multi-list");
        final List<ProjectionService> services = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                final Map<String, String> config =
                        TestProjections.config(kafka, prefix, PARTITIONS, state.resolve("instance-" + i));
                config.put("streams.main.consumer.heartbeat.interval.ms", "500");
                config.put("streams.main.consumer.session.timeout.ms", "6000");
                config.put("streams.acceptable.recovery.lag", "10000");
                services.add(ProjectionService.start(ProjectionServiceConfig.of(config)));
            }
            final List<String> ids = new ArrayList<>();
            final List<SpecificRecord> events = new ArrayList<>();
            for (int i = 0; i < ACCOUNTS; i++) {
                ids.add(String.format("multi-%02d", i));
                events.add(
                        opened(ids.get(i), Instant.parse("2025-01-01T00:00:00Z").plusSeconds(i), "1"));
            }
            TestProducer.produce(kafka, TopicNames.prefixed(prefix).events(), events);
            await().atMost(BOUND).untilAsserted(() -> {
                assertThat(services).allSatisfy(s -> assertThat(s.state()).isEqualTo(KafkaStreams.State.RUNNING));
                // the partitions are spread: each instance owns accounts the other has to ask it for
                assertThat(ids.stream()
                                .map(id -> services.get(0).placement(id).active())
                                .collect(Collectors.toSet()))
                        .hasSize(2);
                for (final ProjectionService service : services) {
                    assertThat(listAll(service, 5)).containsExactlyElementsOf(ids);
                }
            });

            // a forwarded listing reads only the receiving instance's copies: a partition it has not got is a 503
            final ProjectionService first = services.get(0);
            final Set<Integer> notHere = new TreeSet<>();
            ids.stream().map(first::placement).filter(p -> !p.activeHere()).forEach(p -> notHere.add(p.partition()));
            final HttpResponse<String> refused = new TestHttp(first.httpPort())
                    .get(
                            "/accounts",
                            PeerForwarder.FORWARDED_HEADER,
                            "true",
                            AccountListHandler.PARTITIONS_HEADER,
                            notHere.stream().map(String::valueOf).collect(Collectors.joining(",")));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);

            services.remove(1).close();
            await().atMost(BOUND).untilAsserted(() -> {
                assertThat(first.state()).isEqualTo(KafkaStreams.State.RUNNING);
                assertThat(listAll(first, 7)).containsExactlyElementsOf(ids);
            });
        } finally {
            services.forEach(ProjectionService::close);
        }
    }

    /** Every page from the first on, following {@code next}. */
    private List<String> listAll(final ProjectionService service, final int limit) throws Exception {
        final TestHttp api = new TestHttp(service.httpPort());
        final List<String> seen = new ArrayList<>();
        String after = null;
        do {
            final HttpResponse<String> page =
                    api.get("/accounts?limit=" + limit + (after == null ? "" : "&after=" + after));
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            final JsonNode body = json.readTree(page.body());
            body.get("accounts")
                    .forEach(account -> seen.add(account.get("accountId").asText()));
            assertThat(body.get("accounts").size()).isLessThanOrEqualTo(limit);
            after = body.hasNonNull("next") ? body.get("next").asText() : null;
        } while (after != null);
        return seen;
    }
}
