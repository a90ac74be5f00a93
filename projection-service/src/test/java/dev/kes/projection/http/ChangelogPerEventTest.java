package dev.kes.projection.http;

import static dev.kes.projection.topology.TestEvents.deposited;
import static dev.kes.projection.topology.TestEvents.opened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.projection.ProjectionService;
import dev.kes.projection.topology.StoreNames;
import dev.kes.service.kafka.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a replay writes to the changelogs on a real broker (ADR 0015): one event-index record per event, and the
 * balances and months that change in place once per changed key and commit, not once per event; no balance-history.
 */
@WithKafka
class ChangelogPerEventTest {
    private static final int ACCOUNTS = 10;
    private static final int EVENTS_PER_ACCOUNT = 100;
    private static final Instant T = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void balancesAndMonthsAreWrittenOncePerCommitNotPerEvent(final KafkaTestCluster kafka, @TempDir final Path state)
            throws Exception {
        final String prefix = TestNames.unique("changelog-per-event");
        final List<SpecificRecord> events = new ArrayList<>();
        for (int a = 0; a < ACCOUNTS; a++) {
            events.add(opened("c-" + a, T, "100"));
        }
        for (int v = 2; v <= EVENTS_PER_ACCOUNT; v++) {
            for (int a = 0; a < ACCOUNTS; a++) {
                events.add(deposited("c-" + a, v, T.plusSeconds(v), "1"));
            }
        }
        final long total = events.size();
        try (ProjectionService service = TestProjections.start(kafka, prefix, 1, state);
                Admin admin = Admin.create(kafka.clientProperties())) {
            TestProducer.produce(kafka, TopicNames.prefixed(prefix).events(), events);
            // each account's last balance and month reach their changelogs at the commit after its last event
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(records(admin, prefix, StoreNames.EVENT_INDEX)).isEqualTo(total);
                assertThat(records(admin, prefix, StoreNames.BALANCES)).isGreaterThanOrEqualTo(ACCOUNTS);
                assertThat(records(admin, prefix, StoreNames.MONTHLY_SNAPSHOTS)).isGreaterThanOrEqualTo(ACCOUNTS);
                assertThat(new TestHttp(service.httpPort()).get("/accounts/c-0").body())
                        .contains("\"version\":" + EVENTS_PER_ACCOUNT);
            });
            // the replay of 1 000 events takes a few commits: at most a few records per account, never one per event
            assertThat(records(admin, prefix, StoreNames.BALANCES)).isLessThan(total / 10);
            assertThat(records(admin, prefix, StoreNames.MONTHLY_SNAPSHOTS)).isLessThan(total / 10);
            assertThat(admin.listTopics().names().get()).noneMatch(topic -> topic.contains("balance-history"));
        }
    }

    private static long records(final Admin admin, final String app, final String store)
            throws InterruptedException, ExecutionException {
        final TopicPartition changelog = new TopicPartition(app + "-" + store + "-changelog", 0);
        if (!admin.listTopics().names().get().contains(changelog.topic())) {
            return 0;
        }
        return admin.listOffsets(Map.of(changelog, OffsetSpec.latest()))
                .partitionResult(changelog)
                .get()
                .offset();
    }
}
