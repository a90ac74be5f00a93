package dev.kes.admin.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.admin.ExitCodes;
import dev.kes.admin.testing.Cli;
import dev.kes.admin.testing.EventWriter;
import dev.kes.admin.testing.Partitioning;
import dev.kes.domain.AccountEvent;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cutoff in the future or after the last event would archive, and truncate, every event: most likely a mistyped
 * date. archive refuses it (exit 3, nothing changed), in a dry run too, unless --force says it is meant.
 */
@WithKafka
class ArchiveCutoffTest {
    private static final Instant FIRST = Instant.parse("2025-03-01T00:00:00Z");
    private static final List<String> ACCOUNTS = Partitioning.spread("cut", 3, 1);
    /** Each account opens at FIRST + its index in hours and deposits a day later. */
    private static final Instant LAST = FIRST.plus(Duration.ofDays(1)).plus(Duration.ofHours(ACCOUNTS.size() - 1));

    @Test
    void aCutoffInTheFutureIsRefusedInADryRunAndInARun(final KafkaTestCluster kafka, @TempDir final Path dir)
            throws Exception {
        final String topic = topicWithEvents(kafka);
        final String future = Instant.now().plus(Duration.ofDays(1)).toString();

        for (final List<String> more : List.of(List.of("--dry-run"), List.<String>of())) {
            final Cli.Run run = archive(kafka, topic, future, dir, more);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.REFUSED);
            assertThat(run.err())
                    .contains("refusing to archive " + topic + " before " + future + ": the cutoff is in the future")
                    .contains("--force")
                    .hasLineCount(1);
        }
        assertThat(dir.resolve("archive")).doesNotExist();
        assertThat(logStart(kafka, topic).values()).containsOnly(0L);
    }

    @Test
    void aCutoffAfterTheLastEventIsRefusedInADryRunAndInARun(final KafkaTestCluster kafka, @TempDir final Path dir)
            throws Exception {
        final String topic = topicWithEvents(kafka);
        final String afterLast = LAST.plusSeconds(1).toString();

        for (final List<String> more : List.of(List.of("--dry-run"), List.<String>of())) {
            final Cli.Run run = archive(kafka, topic, afterLast, dir, more);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.REFUSED);
            assertThat(run.err())
                    .contains("refusing to archive " + topic + " before " + afterLast
                            + ": the cutoff is after the last event (occurred " + LAST + ")")
                    .contains("--force")
                    .hasLineCount(1);
        }
        assertThat(dir.resolve("archive")).doesNotExist();
        assertThat(logStart(kafka, topic).values()).containsOnly(0L);

        // at the last event it is an ordinary cutoff: that event stays on the topic
        final Cli.Run atLast = archive(kafka, topic, LAST.toString(), dir, List.of("--dry-run"));
        assertThat(atLast.exitCode()).as(atLast.toString()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void forceArchivesEverything(final KafkaTestCluster kafka, @TempDir final Path dir) throws Exception {
        final String topic = topicWithEvents(kafka);

        final Cli.Run run =
                archive(kafka, topic, Instant.now().plus(Duration.ofDays(1)).toString(), dir, List.of("--force"));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains(ACCOUNTS.size() + " account(s)");
        assertThat(logStart(kafka, topic).values()).containsOnly(2L);
    }

    private static String topicWithEvents(final KafkaTestCluster kafka) throws Exception {
        final String topic = TestNames.unique("cutoff") + ".account-events";
        // kept forever, as the real events topic: the broker's 7-day retention would delete these backdated events
        kafka.createTopic(topic, 3, Map.of("retention.ms", "-1"));
        final List<AccountEvent> events = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS.size(); i++) {
            final String id = ACCOUNTS.get(i);
            final Instant opened = FIRST.plus(Duration.ofHours(i));
            events.add(new AccountEvent.AccountOpened(id, 1, opened, "Holder of " + id, new BigDecimal("10.00")));
            events.add(new AccountEvent.MoneyDeposited(
                    id, 2, opened.plus(Duration.ofDays(1)), BigDecimal.ONE.setScale(2), null));
        }
        try (EventWriter writer = new EventWriter(kafka, topic)) {
            writer.events(events);
        }
        return topic;
    }

    private static Cli.Run archive(
            final KafkaTestCluster kafka,
            final String topic,
            final String before,
            final Path dir,
            final List<String> more) {
        return Cli.archive(kafka, topic, before, dir.resolve("archive"), more.toArray(String[]::new));
    }

    private static Map<Integer, Long> logStart(final KafkaTestCluster kafka, final String topic) throws Exception {
        final Map<TopicPartition, OffsetSpec> query =
                new TreeMap<>((a, b) -> Integer.compare(a.partition(), b.partition()));
        for (int partition = 0; partition < 3; partition++) {
            query.put(new TopicPartition(topic, partition), OffsetSpec.earliest());
        }
        final Map<Integer, Long> start = new TreeMap<>();
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            admin.listOffsets(query)
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .forEach((partition, info) -> start.put(partition.partition(), info.offset()));
        }
        return start;
    }
}
