package dev.kes.projection.http;

import static dev.kes.projection.topology.TestEvents.deposited;
import static dev.kes.projection.topology.TestEvents.opened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.projection.ProjectionService;
import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.projection.query.Placement;
import dev.kes.service.http.ProblemException;
import dev.kes.service.kafka.TopicNames;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A copy that may trail never says "no such account". An instance that joins after a long history is given an active
 * task at once and a standby of the other partition, and restores both from their changelogs, the account written
 * last on a partition coming last. Until its own copies have that account, every read of it (from the joining
 * instance, forwarded to it or not, and from the first instance, which forwards to the new owner) is a 200 or a 503
 * with Retry-After, never a 404; then every read is a 200.
 */
@WithKafka
class TrailingCopyTest {
    private static final int PARTITIONS = 2;
    private static final int ACCOUNTS = 2_000;
    private static final int EVENTS_PER_ACCOUNT = 10;
    private static final Instant OPENED = Instant.parse("2024-01-15T10:00:00Z");
    /** Reads the joining instance could not answer from the copy it held (restoring, or not caught up), at least. */
    private static final int TRAILING_READS = 30;

    private static final int MAX_JOINS = 5;
    private static final Duration BOUND = Duration.ofSeconds(60);

    @Test
    void aRestoringCopyAnswersTheNewestAccountOrA503NeverA404(final KafkaTestCluster kafka, @TempDir final Path state)
            throws Exception {
        final String prefix = TestNames.unique("trailing-copy");
        final List<SpecificRecord> events = histories();
        final Map<Integer, String> newestPerPartition = newestAccountPerPartition(events);
        final Map<String, String> firstConfig = config(kafka, prefix, state.resolve("first"));
        // every write reaches the changelogs (no cache folding them): the joining instance has much to restore
        firstConfig.put("streams.statestore.cache.max.bytes", "0");
        try (ProjectionService first = ProjectionService.start(ProjectionServiceConfig.of(firstConfig))) {
            TestProducer.produce(kafka, TopicNames.prefixed(prefix).events(), events);
            final TestHttp toFirst = new TestHttp(first.httpPort());
            await().atMost(BOUND).untilAsserted(() -> {
                for (final String account : newestPerPartition.values()) {
                    assertThat(toFirst.get("/accounts/" + account).statusCode()).isEqualTo(200);
                }
            });

            final Map<String, Integer> statuses = new TreeMap<>();
            final List<String> notFound = new ArrayList<>();
            int trailingReads = 0;
            // restoration is quick on one machine: a new instance (with no state) joins again until the reads have
            // caught its copies trailing often enough
            for (int join = 0; join < MAX_JOINS && trailingReads < TRAILING_READS; join++) {
                try (ProjectionService joining = ProjectionService.start(
                        ProjectionServiceConfig.of(config(kafka, prefix, state.resolve("joining-" + join))))) {
                    final TestHttp toJoining = new TestHttp(joining.httpPort());
                    // reads until the joining instance's own copies (active or standby) have both accounts
                    final long deadline = System.nanoTime() + BOUND.toNanos();
                    boolean ownCopiesAnswer = false;
                    while (!ownCopiesAnswer) {
                        ownCopiesAnswer = true;
                        for (final String account : newestPerPartition.values()) {
                            final boolean holdsCopy = holdsCopy(joining, account);
                            final HttpResponse<String> own =
                                    toJoining.get("/accounts/" + account, PeerForwarder.FORWARDED_HEADER, "true");
                            record("joining, forwarded", own, statuses, notFound);
                            if (holdsCopy && own.statusCode() == 503) {
                                trailingReads++;
                            }
                            ownCopiesAnswer &= own.statusCode() == 200;
                            record("joining", toJoining.get("/accounts/" + account), statuses, notFound);
                            record("first", toFirst.get("/accounts/" + account), statuses, notFound);
                        }
                        assertThat(System.nanoTime())
                                .as("the joining instance's copies catch up")
                                .isLessThan(deadline);
                    }
                    assertThat(notFound)
                            .as("404s for accounts that exist; statuses %s", statuses)
                            .isEmpty();
                    // caught up, both answer every account
                    await().atMost(BOUND).untilAsserted(() -> {
                        for (final String account : newestPerPartition.values()) {
                            assertThat(toJoining.get("/accounts/" + account).statusCode())
                                    .isEqualTo(200);
                            assertThat(toFirst.get("/accounts/" + account).statusCode())
                                    .isEqualTo(200);
                        }
                    });
                }
                // the first instance owns every partition again before the next one joins
                await().atMost(BOUND).untilAsserted(() -> {
                    assertThat(first.state()).isEqualTo(KafkaStreams.State.RUNNING);
                    for (final String account : newestPerPartition.values()) {
                        assertThat(first.placement(account).activeHere()).isTrue();
                    }
                });
            }
            // the situation was there: a joining instance held a copy of the account's partition without the account
            assertThat(trailingReads)
                    .as("reads of a copy that held the partition but could not answer; " + "statuses %s", statuses)
                    .isGreaterThanOrEqualTo(TRAILING_READS);
        }
    }

    /** Whether the instance holds a copy of the account's partition: the active task or a standby. */
    private static boolean holdsCopy(final ProjectionService service, final String account) {
        try {
            final Placement placement = service.placement(account);
            return placement.activeHere() || placement.standbys().contains(placement.self());
        } catch (ProblemException e) {
            return false; // the owner is not known yet
        }
    }

    /** 200 or 503 with Retry-After are answers a trailing copy may give; anything else is listed. */
    private static void record(
            final String asked,
            final HttpResponse<String> answer,
            final Map<String, Integer> statuses,
            final List<String> unexpected) {
        final int status = answer.statusCode();
        statuses.merge(asked + " " + status, 1, Integer::sum);
        final boolean retryable =
                status == 503 && answer.headers().firstValue("Retry-After").isPresent();
        if (status != 200 && !retryable) {
            unexpected.add(asked + " " + answer.uri() + ": " + status + " " + answer.body());
        }
    }

    private static Map<String, String> config(final KafkaTestCluster kafka, final String prefix, final Path state) {
        final Map<String, String> config = TestProjections.config(kafka, prefix, PARTITIONS, state);
        config.put("num.standby.replicas", "1");
        // far above the history: the joining instance is given an active task at once and restores it while asked
        config.put("streams.acceptable.recovery.lag", "1000000");
        config.put("streams.probing.rebalance.interval.ms", "60000");
        config.put("streams.main.consumer.heartbeat.interval.ms", "500");
        return config;
    }

    /** Accounts opened one after the other, each with its deposits; the last account of a partition is written last. */
    private static List<SpecificRecord> histories() {
        final List<SpecificRecord> events = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            final String id = String.format("trail-%04d", i);
            final Instant opened = OPENED.plus(i, ChronoUnit.MINUTES);
            events.add(opened(id, opened, "100"));
            for (long version = 2; version <= EVENTS_PER_ACCOUNT; version++) {
                events.add(deposited(id, version, opened.plus(version, ChronoUnit.DAYS), "1.00"));
            }
        }
        return events;
    }

    /** The account written last on each partition (the default partitioner's murmur2 of the String key). */
    private static Map<Integer, String> newestAccountPerPartition(final List<SpecificRecord> events) {
        final Map<Integer, String> newest = new LinkedHashMap<>();
        for (final SpecificRecord event : events) {
            final String id =
                    event.get(event.getSchema().getField("accountId").pos()).toString();
            final byte[] key = Serdes.String().serializer().serialize(null, id);
            newest.put(Utils.toPositive(Utils.murmur2(key)) % PARTITIONS, id);
        }
        return newest;
    }
}
