package dev.kes.projection.http;

import static dev.kes.projection.topology.TestEvents.credited;
import static dev.kes.projection.topology.TestEvents.debited;
import static dev.kes.projection.topology.TestEvents.deposited;
import static dev.kes.projection.topology.TestEvents.interest;
import static dev.kes.projection.topology.TestEvents.opened;
import static dev.kes.projection.topology.TestEvents.refunded;
import static dev.kes.projection.topology.TestEvents.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.projection.ProjectionService;
import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.projection.topology.BulkBuild;
import dev.kes.projection.topology.ProjectionMetrics;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.kafka.TopicNames;
import dev.kes.service.metrics.MetricsScrape;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generation built by {@link BulkBuild} answers every query exactly as a generation that Kafka Streams replayed
 * from the same events (histories over two years, transfers completed and refunded, an outcome written before its
 * debit, redelivered events, an undecodable record), and goes on from where the build ended.
 */
@WithKafka
class BulkBuildTest {
    private static final int ACCOUNTS = 40;
    private static final int STEPS = 1_500;
    private static final List<String> PAGES = List.of(
            "fromVersion=5&limit=7",
            "fromVersion=14&limit=5",
            "fromVersion=30&limit=10",
            "fromVersion=33&limit=3",
            "fromVersion=40&limit=100");
    private static final Instant START = Instant.parse("2024-01-01T08:00:00Z");
    private static final List<String> INSTANTS = List.of(
            "2024-01-01T00:00:00Z",
            "2024-03-31T23:59:59Z",
            "2024-09-15T12:00:00Z",
            "2025-02-01T00:00:00Z",
            "2026-01-01T00:00:00Z");

    private final List<String> transfers = new ArrayList<>();

    @Test
    void aBulkBuiltGenerationAnswersAsAReplayedOneAndGoesOnFromItsEnd(
            final KafkaTestCluster kafka, @TempDir final Path state) throws Exception {
        final String prefix = TestNames.unique("bulk-build");
        final String topic = TopicNames.prefixed(prefix).events();
        final Map<String, String> replayed = TestProjections.config(kafka, prefix, 3, state.resolve("replayed"));
        replayed.put("projection.generation", "replayed");
        replayed.put("projection.ready.max.lag", "0");
        final Map<String, String> bulk = TestProjections.config(kafka, prefix, 3, state.resolve("bulk"));
        bulk.put("projection.generation", "bulk");
        bulk.put("projection.ready.max.lag", "0");

        try (ProjectionService first = ProjectionService.start(ProjectionServiceConfig.of(replayed))) {
            final TestHttp a = new TestHttp(first.httpPort());
            TestProducer.produce(kafka, topic, history(new Random(42)));
            // redeliveries and a record no reader can decode, as the topic may hold them
            TestProducer.produce(kafka, topic, List.of(opened(account(3), START, "500.00")));
            TestProducer.send(
                    kafka,
                    List.of(new ProducerRecord<>(topic, account(5), "not avro".getBytes(StandardCharsets.UTF_8))));
            awaitReady(a);

            final BulkBuild.Result built = BulkBuild.run(ProjectionServiceConfig.of(bulk), AvroCodec.shipped());
            assertThat(built.events()).isGreaterThan(STEPS);
            // the event index in runs: fewer changelog records than events, months and balances included
            assertThat(built.changelogRecords()).isLessThan(built.events());
            // what the build applied and skipped, counted as the replay counted it
            final MetricsScrape replayedCounts =
                    MetricsScrape.parse(a.get("/metrics").body());
            assertThat(built.skipped()).containsEntry(ProjectionMetrics.MALFORMED, 1L);
            for (final String skip : List.of(ProjectionMetrics.MALFORMED, ProjectionMetrics.DUPLICATES)) {
                assertThat(built.skipped().getOrDefault(skip, 0L)).as(skip).isEqualTo((long) replayedCounts.sum(skip));
            }
            assertThat(built.applied())
                    .hasSize(4)
                    .allSatisfy((view, applied) -> assertThat(applied).as(view).isEqualTo((long)
                            replayedCounts.sum(ProjectionMetrics.APPLIED, ProjectionMetrics.VIEW, view)));

            try (ProjectionService second = ProjectionService.start(ProjectionServiceConfig.of(bulk))) {
                final TestHttp b = new TestHttp(second.httpPort());
                awaitReady(b);
                for (final String path : queries()) {
                    final var expected = a.get(path);
                    final var actual = b.get(path);
                    assertThat(actual.statusCode()).as(path).isEqualTo(expected.statusCode());
                    assertThat(actual.body()).as(path).isEqualTo(expected.body());
                }

                // the bulk generation's group was committed where the build ended: it goes on from there
                final String id = account(7);
                final long version = version(a.get("/accounts/" + id).body()) + 1;
                TestProducer.produce(
                        kafka, topic, List.of(deposited(id, version, Instant.parse("2026-06-01T00:00:00Z"), "1.00")));
                for (final TestHttp generation : List.of(a, b)) {
                    await().atMost(Duration.ofSeconds(60))
                            .until(() ->
                                    version(generation.get("/accounts/" + id).body()) == version);
                }
                assertThat(b.get("/accounts/" + id + "/events?fromVersion=1&limit=1000")
                                .body())
                        .isEqualTo(a.get("/accounts/" + id + "/events?fromVersion=1&limit=1000")
                                .body());
            }
        }

        assertThatThrownBy(() -> BulkBuild.run(ProjectionServiceConfig.of(bulk), AvroCodec.shipped()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("changelog topics");
    }

    private List<String> queries() {
        final List<String> paths = new ArrayList<>();
        for (int n = 0; n < ACCOUNTS; n++) {
            final String id = "/accounts/" + account(n);
            paths.add(id);
            INSTANTS.forEach(at -> paths.add(id + "/balance?at=" + at));
            paths.add(id + "/monthly-snapshots?year=2024");
            paths.add(id + "/monthly-snapshots?year=2025");
            paths.add(id + "/events?fromVersion=1&limit=1000");
            // pages that start inside the build's event-index runs and cross from one run to the next
            PAGES.forEach(page -> paths.add(id + "/events?" + page));
        }
        transfers.forEach(transfer -> paths.add("/transfers/" + transfer));
        paths.add("/accounts?limit=1000");
        return paths;
    }

    private static void awaitReady(final TestHttp api) {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/health/ready").statusCode() == 200);
    }

    private static long version(final String body) {
        final int at = body.indexOf("\"version\":");
        return Long.parseLong(body.substring(at + 10).split("[,}]")[0].trim());
    }

    private static String account(final int n) {
        return String.format("bb-%02d", n);
    }

    /**
     * Each account opened, then {@link #STEPS} random steps a few hours to days apart: deposits, withdrawals, interest
     * and transfers, whose credit (or, for every fifth, refund) follows at once; one credit is written before its
     * debit.
     */
    private List<SpecificRecord> history(final Random random) {
        final List<SpecificRecord> events = new ArrayList<>();
        final BigDecimal[] balance = new BigDecimal[ACCOUNTS];
        final long[] version = new long[ACCOUNTS];
        Instant at = START;
        for (int n = 0; n < ACCOUNTS; n++) {
            balance[n] = new BigDecimal("1000.00");
            version[n] = 1;
            events.add(opened(account(n), at, "1000.00"));
        }
        for (int step = 0; step < STEPS; step++) {
            at = at.plus(Duration.ofMinutes(30 + random.nextInt(1_200)));
            final int n = random.nextInt(ACCOUNTS);
            final BigDecimal amount = BigDecimal.valueOf(1 + random.nextInt(5_000), 2);
            final String id = account(n);
            switch (random.nextInt(4)) {
                case 0 -> {
                    balance[n] = balance[n].add(amount);
                    events.add(deposited(id, ++version[n], at, amount.toPlainString()));
                }
                case 1 -> {
                    if (balance[n].compareTo(amount) >= 0) {
                        balance[n] = balance[n].subtract(amount);
                        events.add(withdrawn(id, ++version[n], at, amount.toPlainString()));
                    }
                }
                case 2 -> {
                    balance[n] = balance[n].add(amount);
                    events.add(interest(id, ++version[n], at, amount.toPlainString()));
                }
                default -> {
                    final int to = (n + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                    if (balance[n].compareTo(amount) < 0) {
                        continue;
                    }
                    final String transfer = "tr-" + step;
                    transfers.add(transfer);
                    balance[n] = balance[n].subtract(amount);
                    final var debit = debited(
                            id, ++version[n], at, transfer, account(to), amount.toPlainString(), plain(balance[n]));
                    if (step % 5 == 0) {
                        balance[n] = balance[n].add(amount);
                        events.add(debit);
                        events.add(refunded(
                                id,
                                ++version[n],
                                at,
                                transfer,
                                account(to),
                                amount.toPlainString(),
                                "closed",
                                plain(balance[n])));
                    } else {
                        balance[to] = balance[to].add(amount);
                        final var credit = credited(
                                account(to),
                                ++version[to],
                                at,
                                transfer,
                                id,
                                amount.toPlainString(),
                                plain(balance[to]));
                        if (transfers.size() == 3) {
                            events.add(credit);
                            events.add(debit);
                        } else {
                            events.add(debit);
                            events.add(credit);
                        }
                    }
                }
            }
        }
        // redeliveries of a few events, later in the topic
        events.addAll(events.subList(ACCOUNTS, ACCOUNTS + 20));
        return events;
    }

    private static String plain(final BigDecimal amount) {
        return amount.toPlainString();
    }
}
