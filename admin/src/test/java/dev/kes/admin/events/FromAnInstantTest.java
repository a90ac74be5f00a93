package dev.kes.admin.events;

import static dev.kes.admin.testing.Submissions.client;
import static dev.kes.admin.testing.Submissions.submitAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.admin.ExitCodes;
import dev.kes.admin.testing.Cli;
import dev.kes.admin.testing.Commands;
import dev.kes.admin.testing.EventsTopic;
import dev.kes.admin.testing.Offsets;
import dev.kes.admin.testing.Partitioning;
import dev.kes.admin.testing.Services;
import dev.kes.client.command.CommandClient;
import dev.kes.command.CommandService;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.service.kafka.TopicNames;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code events --from} and {@code replay --from} on events written the way the command service writes them: in
 * transactions, so that transaction markers sit between the events, and backdated (an import of history), so that
 * the markers carry a later time than the events around them. Kafka's offsetsForTimes counts the markers as records
 * and would answer with the first marker after the instant; the documented start is the first event at or after it.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FromAnInstantTest {
    private static final List<String> ACCOUNTS = Partitioning.spread("from", 3, 2);
    /** Months 1 to 3 are before it, 4 to 6 at or after it. */
    private static final Instant FROM = Instant.parse("2025-04-01T00:00:00Z");

    private KafkaTestCluster kafka;
    private TopicNames topics;
    private List<StoredEvent> all;

    @BeforeAll
    void importHalfAYear(final KafkaTestCluster cluster, @TempDir final Path stateDir) throws Exception {
        kafka = cluster;
        topics = TopicNames.prefixed(TestNames.unique("from"));
        EventsTopic.create(kafka, topics);
        try (CommandService commands = Services.command(kafka, TestNames.unique("from-commands"), topics, stateDir);
                CommandClient client = client(kafka, topics)) {
            for (int month = 1; month <= 6; month++) {
                final int m = month;
                submitAll(client, ACCOUNTS, id -> {
                    final Instant at = LocalDate.of(2025, m, 10)
                            .atStartOfDay(ZoneOffset.UTC)
                            .toInstant()
                            .plusSeconds(3600L * ACCOUNTS.indexOf(id));
                    return m == 1 ? Commands.openAt(id, "100", at) : Commands.depositAt(id, "10", at);
                });
            }
        }
        all = new EventStoreReader(kafka.clientProperties(), topics.events())
                .readFrom(null)
                .events();
        assertThat(all).hasSize(ACCOUNTS.size() * 6);
    }

    @Test
    void theTopicHoldsTheTrapOffsetsForTimesFallsInto() throws Exception {
        // not a check of es-admin: proof that this topic reproduces the problem the other tests are about
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            final Map<TopicPartition, Long> byTime = listOffsets(admin, OffsetSpec.forTimestamp(FROM.toEpochMilli()));
            assertThat(byTime)
                    .as("offsetsForTimes lands before the first event at or after the instant")
                    .isNotEqualTo(firstEventsAtOrAfter(FROM));
        }
    }

    @Test
    void eventsFromPrintsExactlyTheEventsAtOrAfterTheInstant() {
        final Cli.Run run = Cli.onTopic("events", kafka, topics.events(), "--from", FROM.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        final List<String> expected = all.stream()
                .filter(event -> !event.timestamp().isBefore(FROM))
                .map(FromAnInstantTest::position)
                .toList();
        assertThat(expected).hasSize(ACCOUNTS.size() * 3);
        assertThat(run.out()
                        .lines()
                        .map(line -> line.split(" {2}")[0] + " " + line.split(" {2}")[2] + " " + line.split(" {2}")[3]))
                .as(run.toString())
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(run.err()).contains("# " + expected.size() + " event(s) printed of " + expected.size() + " read");
    }

    @Test
    void eventsFromJustAfterTheLastEventPrintsNothing() {
        final Cli.Run run = Cli.onTopic(
                "events", kafka, topics.events(), "--from", afterLast().toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).as(run.toString()).isEmpty();
        assertThat(run.err()).contains("# 0 event(s) printed of 0 read");
    }

    @Test
    void replayFromCommitsTheOffsetOfTheFirstEventAtOrAfterTheInstant() throws Exception {
        final String fresh = TestNames.unique("from-projection");

        final Cli.Run run = Cli.forApplication("replay", kafka, fresh, topics, "--from", FROM.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            assertThat(Offsets.committed(admin, fresh)).isEqualTo(firstEventsAtOrAfter(FROM));
        }
    }

    @Test
    void replayFromAfterTheLastEventCommitsTheEnd() throws Exception {
        final String fresh = TestNames.unique("from-projection");

        final Cli.Run run = Cli.forApplication(
                "replay", kafka, fresh, topics, "--from", afterLast().toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            assertThat(Offsets.committed(admin, fresh)).isEqualTo(listOffsets(admin, OffsetSpec.latest()));
        }
    }

    /** Just after the last event's timestamp: no event is at or after it. */
    private Instant afterLast() {
        return all.stream()
                .map(StoredEvent::timestamp)
                .max(Instant::compareTo)
                .orElseThrow()
                .plusMillis(1);
    }

    /** Per partition, the offset of the first committed event whose timestamp is at or after the instant. */
    private Map<TopicPartition, Long> firstEventsAtOrAfter(final Instant from) {
        return all.stream()
                .filter(event -> !event.timestamp().isBefore(from))
                .collect(Collectors.toMap(
                        event -> new TopicPartition(topics.events(), event.partition()),
                        StoredEvent::offset,
                        Math::min,
                        () -> new TreeMap<>(Offsets.BY_PARTITION)));
    }

    private Map<TopicPartition, Long> listOffsets(final Admin admin, final OffsetSpec spec) throws Exception {
        final Map<TopicPartition, OffsetSpec> query = new TreeMap<>(Offsets.BY_PARTITION);
        for (int partition = 0; partition < 3; partition++) {
            query.put(new TopicPartition(topics.events(), partition), spec);
        }
        return admin
                .listOffsets(query, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .get(30, TimeUnit.SECONDS)
                .entrySet()
                .stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey,
                        entry -> entry.getValue().offset(),
                        (a, b) -> b,
                        () -> new TreeMap<>(Offsets.BY_PARTITION)));
    }

    private static String position(final StoredEvent event) {
        return event.partition() + ":" + event.offset() + " " + event.accountId() + " v" + event.version();
    }
}
