package dev.kes.admin.archive;

import static dev.kes.admin.testing.Submissions.accepted;
import static dev.kes.admin.testing.Submissions.client;
import static dev.kes.admin.testing.Submissions.submitAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.admin.ExitCodes;
import dev.kes.admin.events.EventStoreReader;
import dev.kes.admin.events.StoredEvent;
import dev.kes.admin.testing.Cli;
import dev.kes.admin.testing.Commands;
import dev.kes.admin.testing.EventsTopic;
import dev.kes.admin.testing.Http;
import dev.kes.admin.testing.Offsets;
import dev.kes.admin.testing.Partitioning;
import dev.kes.admin.testing.Services;
import dev.kes.client.command.CommandClient;
import dev.kes.command.CommandService;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.projection.ProjectionService;
import dev.kes.schemas.result.CommandResult;
import dev.kes.service.kafka.TopicNames;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archival against a running command service and projection, one story in order. A year of history is imported
 * (one event per account and month, then a backdated import of another account appended after all of it); the
 * events appended before July are archived and truncated from the topic. Afterwards: a re-run archives nothing;
 * the running projection answers as before; each account's full audit trail comes back from archive + topic; a
 * projection rebuilt from archive + topic answers exactly as before; the command service continues with the right
 * versions.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ArchiveTest {
    private static final Instant CUTOFF = Instant.parse("2025-07-01T00:00:00Z");
    private static final List<String> ACCOUNTS = Partitioning.spread("arc", 3, 2);
    /** Imported after everything else, with a 2025 history: appended after every cut, so it stays on the topic. */
    private static final String LATE = "arc-late";

    private static final List<Instant> INSTANTS = List.of(
            Instant.parse("2025-01-31T00:00:00Z"),
            Instant.parse("2025-04-15T00:00:00Z"),
            Instant.parse("2025-06-30T23:59:59Z"),
            Instant.parse("2025-07-10T12:00:00Z"),
            Instant.parse("2025-11-20T00:00:00Z"));

    private KafkaTestCluster kafka;
    private Path root;
    private Path archiveRoot;
    private String projectionId;
    private TopicNames topics;
    private CommandService commands;
    private ProjectionService projection;
    private List<StoredEvent> before;
    private Map<String, String> answersBefore;

    @BeforeAll
    void importAYear(final KafkaTestCluster cluster, @TempDir final Path dirs) throws Exception {
        kafka = cluster;
        root = dirs;
        archiveRoot = dirs.resolve("archive");
        projectionId = TestNames.unique("archive-projection");
        topics = TopicNames.prefixed(TestNames.unique("archive"));
        EventsTopic.create(kafka, topics);
        commands = Services.command(kafka, TestNames.unique("archive-commands"), topics, dirs.resolve("commands"));
        projection = Services.projection(kafka, projectionId, topics, dirs.resolve("projection-1"));
        try (CommandClient client = client(kafka, topics)) {
            for (int month = 1; month <= 12; month++) {
                final int m = month;
                submitAll(client, ACCOUNTS, id -> monthly(id, m, at(m, 10, ACCOUNTS.indexOf(id))));
            }
            accepted(client.submit(Commands.openAt(LATE, "50", at(2, 1, 0))));
            for (int month = 3; month <= 8; month++) {
                accepted(client.submit(Commands.depositAt(LATE, "5", at(month, 2, 0))));
            }
        }
        answersBefore = answers(projection);
        before = new EventStoreReader(kafka.clientProperties(), topics.events())
                .readFrom(null)
                .events();
        assertThat(before).hasSize(ACCOUNTS.size() * 12 + 7);
    }

    @AfterAll
    void stop() throws Exception {
        Services.closeAll(projection, commands);
    }

    @Test
    @Order(1)
    void aDryRunReportsAndChangesNothing() throws Exception {
        final Cli.Run dryRun = archive("--dry-run");
        assertThat(dryRun.exitCode()).as(dryRun.toString()).isEqualTo(ExitCodes.OK);
        assertThat(dryRun.out())
                .contains("would truncate")
                .contains("6 account(s)")
                .contains("Dry run: nothing changed.");
        assertThat(logStart())
                .containsOnlyKeys(0, 1, 2)
                .allSatisfy((partition, offset) -> assertThat(offset).isZero());
        assertThat(archiveRoot).doesNotExist();
    }

    @Test
    @Order(2)
    void archivingWritesTheFilesAndTheManifestAndTruncatesBelowTheArchivedOffsets() throws Exception {
        final Cli.Run run = archive();
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);

        final ArchiveReader reader = ArchiveReader.open(new FileSystemArchiveStorage(archiveRoot), topics.events());
        assertThat(reader.runs()).hasSize(1);
        final ArchiveManifest manifest = reader.runs().get(0);
        assertThat(manifest.cutoff()).isEqualTo(CUTOFF);
        assertThat(manifest.topic()).isEqualTo(topics.events());
        assertThat(manifest.undecodable()).isZero();
        final Map<Integer, Long> cuts = expectedCuts();
        for (final ArchiveManifest.PartitionRange range : manifest.partitions()) {
            final List<StoredEvent> archived = before.stream()
                    .filter(e -> e.partition() == range.partition() && e.offset() < cuts.get(range.partition()))
                    .toList();
            assertThat(range.fromOffset()).isZero();
            assertThat(range.toOffset()).isEqualTo(cuts.get(range.partition()));
            assertThat(range.records()).isEqualTo(archived.size());
            assertThat(range.minTimestamp())
                    .isEqualTo(archived.stream()
                            .map(StoredEvent::timestamp)
                            .min(Instant::compareTo)
                            .orElseThrow());
            assertThat(range.maxTimestamp())
                    .isEqualTo(archived.stream()
                            .map(StoredEvent::timestamp)
                            .max(Instant::compareTo)
                            .orElseThrow());
            assertThat(range.file())
                    .isEqualTo(manifest.runDirectory() + "/partition-" + range.partition() + "-0-" + range.toOffset()
                            + ".avro");
            assertThat(archiveRoot.resolve(range.file())).isRegularFile();
        }
        assertThat(manifest.partitions())
                .extracting(ArchiveManifest.PartitionRange::partition)
                .containsExactly(0, 1, 2);
        // January to June of every account, nothing of the late import
        assertThat(manifest.accounts())
                .extracting(ArchiveManifest.AccountRange::accountId)
                .containsExactlyElementsOf(ACCOUNTS.stream().sorted().toList());
        for (final ArchiveManifest.AccountRange account : manifest.accounts()) {
            final int index = ACCOUNTS.indexOf(account.accountId());
            assertThat(account.partition()).isEqualTo(Partitioning.partitionOf(account.accountId(), 3));
            assertThat(account.firstVersion()).isEqualTo(1);
            assertThat(account.lastVersion()).isEqualTo(6);
            assertThat(account.events()).isEqualTo(6);
            assertThat(account.firstOccurredAt()).isEqualTo(at(1, 10, index));
            assertThat(account.lastOccurredAt()).isEqualTo(at(6, 10, index));
        }
        assertThat(logStart()).isEqualTo(cuts);
        assertThat(new EventStoreReader(kafka.clientProperties(), topics.events())
                        .readAccount(LATE)
                        .events())
                .hasSize(7);
        assertThat(readWithoutKes(
                        archiveRoot.resolve(manifest.partitions().get(0).file())))
                .isEqualTo(manifest.partitions().get(0).records());
    }

    @Test
    @Order(3)
    void aSecondRunWithTheSameOrAnEarlierCutoffArchivesNothingNew() throws Exception {
        final Map<Integer, Long> truncated = logStart();
        for (final String cutoff : List.of(CUTOFF.toString(), "2025-03-01T00:00:00Z")) {
            final Cli.Run again = Cli.archive(kafka, topics.events(), cutoff, archiveRoot);
            assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.OK);
            assertThat(again.out()).contains("nothing new to archive").contains("nothing to truncate");
        }
        assertThat(ArchiveReader.open(new FileSystemArchiveStorage(archiveRoot), topics.events())
                        .runs())
                .hasSize(1);
        assertThat(logStart()).isEqualTo(truncated);
    }

    @Test
    @Order(4)
    void theRunningProjectionAnswersAsBefore() throws Exception {
        assertThat(answers(projection)).isEqualTo(answersBefore);
    }

    @Test
    @Order(5)
    void eachAccountsFullAuditTrailComesBackFromArchiveAndTopic() {
        final ArchiveReader archive = ArchiveReader.open(new FileSystemArchiveStorage(archiveRoot), topics.events());
        final EventStoreReader topic = new EventStoreReader(kafka.clientProperties(), topics.events());
        for (final String id : accountsAndLate()) {
            final AuditTrail trail = AuditTrail.of(id, archive, topic);
            assertThat(trail.gaps()).as(id).isEmpty();
            assertThat(trail.archived()).as(id).hasSize(id.equals(LATE) ? 0 : 6);
            assertThat(trail.all())
                    .extracting(StoredEvent::eventId)
                    .as(id)
                    .containsExactlyElementsOf(before(id, StoredEvent::eventId));
            assertThat(trail.all())
                    .extracting(StoredEvent::event)
                    .as(id)
                    .containsExactlyElementsOf(before(id, StoredEvent::event));
        }

        final String account = ACCOUNTS.get(2);
        final Cli.Run events = Cli.onTopic(
                "events", kafka, topics.events(), "--account", account, "--archive", archiveRoot.toString());
        assertThat(events.exitCode()).as(events.toString()).isEqualTo(ExitCodes.OK);
        final List<String> lines = events.out().lines().toList();
        assertThat(lines).hasSize(12);
        assertThat(lines).allSatisfy(line -> assertThat(line).contains("  " + account + "  "));
        assertThat(lines.stream().map(line -> line.split(" +")[3]).toList())
                .isEqualTo(IntStream.rangeClosed(1, 12).mapToObj(v -> "v" + v).toList());
        assertThat(lines.subList(0, 6)).allSatisfy(line -> assertThat(line).endsWith("[archive]"));
        assertThat(lines.subList(6, 12)).noneSatisfy(line -> assertThat(line).endsWith("[archive]"));
        assertThat(events.err()).contains(account + ": 12 event(s), 6 from the archive, 6 from " + topics.events());
    }

    @Test
    @Order(6)
    void aHistoryWithoutItsArchivedPartFailsLoudly() throws Exception {
        final Path empty = Files.createDirectories(root.resolve("not-the-archive"));
        final Cli.Run events = Cli.onTopic(
                "events", kafka, topics.events(), "--account", ACCOUNTS.get(0), "--archive", empty.toString());
        assertThat(events.exitCode()).as(events.toString()).isEqualTo(ExitCodes.PROBLEMS_FOUND);
        assertThat(events.err())
                .contains("GAP  " + ACCOUNTS.get(0) + "  the history starts v7")
                .contains("v1..v6 missing")
                .contains("FAILED");
    }

    @Test
    @Order(7)
    void aReplayWithTheArchiveRefusesWhileTheProjectionRuns() {
        final Cli.Run replay = replay();
        assertThat(replay.exitCode()).as(replay.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(replay.err()).contains("refusing to replay " + projectionId + ": it is running");
        projection.close();
        projection = null;
    }

    @Test
    @Order(8)
    void aProjectionRebuiltFromArchiveAndTopicAnswersAsBefore() throws Exception {
        final Cli.Run replay = replay();
        assertThat(replay.exitCode()).as(replay.toString()).isEqualTo(ExitCodes.OK);
        assertThat(replay.out()).contains("the archived records are projected");

        try (Admin admin = Admin.create(kafka.clientProperties())) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .noneMatch(topic -> topic.startsWith("es-admin-archive-replay-"));
            final Map<TopicPartition, Long> committed = Offsets.committed(admin, projectionId);
            assertThat(committed.keySet()).extracting(TopicPartition::topic).containsOnly(topics.events());
            assertThat(committed.entrySet().stream()
                            .collect(Collectors.toMap(e -> e.getKey().partition(), Map.Entry::getValue)))
                    .isEqualTo(expectedCuts());
        }
        // a fresh instance: nothing local, everything restored from the changelogs, then the topic
        projection = Services.projection(kafka, projectionId, topics, root.resolve("projection-2"));
        assertThat(answers(projection)).isEqualTo(answersBefore);
    }

    @Test
    @Order(9)
    void theCommandServiceContinuesWithTheRightVersions() throws Exception {
        try (CommandClient client = client(kafka, topics)) {
            final CommandResult next = accepted(client.submit(Commands.deposit(ACCOUNTS.get(0), "1", 12)));
            assertThat(next.getVersion()).isEqualTo(13);
            final CommandResult late = accepted(client.submit(Commands.deposit(LATE, "1", 7)));
            assertThat(late.getVersion()).isEqualTo(8);
            assertThat(late.getBalance()).isEqualByComparingTo("81.00");
        }
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(get(projection, "/accounts/" + ACCOUNTS.get(0)))
                        .contains("\"version\":13"));
    }

    @Test
    @Order(10)
    void aLaterCutoffChainsANewRunAndARunWithoutManifestIsIgnored() throws Exception {
        final Map<Integer, Long> firstEnd = logStart();
        // what a crash before the manifest leaves: files of a run nobody reads
        final Path orphan =
                Files.createDirectories(archiveRoot.resolve(topics.events()).resolve("run-crashed"));
        Files.writeString(orphan.resolve("partition-0-0-99.avro"), "half written");

        final Cli.Run later = Cli.archive(kafka, topics.events(), "2025-10-01", archiveRoot);

        assertThat(later.exitCode()).as(later.toString()).isEqualTo(ExitCodes.OK);
        final ArchiveReader reader = ArchiveReader.open(new FileSystemArchiveStorage(archiveRoot), topics.events());
        assertThat(reader.runs()).hasSize(2);
        assertThat(reader.chainProblems()).isEmpty();
        final ArchiveManifest second = reader.runs().get(1);
        assertThat(second.partitions())
                .allSatisfy(range -> assertThat(range.fromOffset()).isEqualTo(firstEnd.get(range.partition())));
        assertThat(logStart()).isEqualTo(reader.archivedEnd());
        // July to September of every account (v7..v9); the late import is still behind the cut
        assertThat(second.accounts())
                .filteredOn(account -> ACCOUNTS.contains(account.accountId()))
                .hasSize(ACCOUNTS.size())
                .allSatisfy(account -> {
                    assertThat(account.firstVersion()).isEqualTo(7);
                    assertThat(account.lastVersion()).isEqualTo(9);
                });
        final EventStoreReader topic = new EventStoreReader(kafka.clientProperties(), topics.events());
        for (final String id : accountsAndLate()) {
            final AuditTrail trail = AuditTrail.of(id, reader, topic);
            assertThat(trail.gaps()).as(id).isEmpty();
            assertThat(trail.all())
                    .extracting(StoredEvent::eventId)
                    .as(id)
                    .startsWith(before(id, StoredEvent::eventId).toArray(String[]::new));
        }
    }

    /** One event per account and month: open in January, a withdrawal in April, interest in June and December. */
    private static SpecificRecord monthly(final String id, final int month, final Instant at) {
        return switch (month) {
            case 1 -> Commands.openAt(id, String.valueOf(100 + ACCOUNTS.indexOf(id)), at);
            case 4 -> Commands.withdrawAt(id, "5", at);
            case 6, 12 -> Commands.interestAt(id, "1.25", at);
            default -> Commands.depositAt(id, "10", at);
        };
    }

    private static Instant at(final int month, final int day, final int hour) {
        return LocalDate.of(2025, month, day)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant()
                .plusSeconds(3600L * hour);
    }

    private static List<String> accountsAndLate() {
        final List<String> all = new ArrayList<>(ACCOUNTS);
        all.add(LATE);
        return all;
    }

    /** The {@code field} of each event of account {@code id} read before the archiving, in log order. */
    private <T> List<T> before(final String id, final Function<StoredEvent, T> field) {
        return before.stream().filter(e -> e.accountId().equals(id)).map(field).toList();
    }

    /** Per partition, the offset of the first event (in log order) at or after the cutoff. */
    private Map<Integer, Long> expectedCuts() {
        final Map<Integer, Long> cuts = new TreeMap<>();
        before.stream()
                .filter(e -> !e.timestamp().isBefore(CUTOFF))
                .forEach(e -> cuts.merge(e.partition(), e.offset(), Math::min));
        return cuts;
    }

    /** Every answer the projection gives about the accounts, as "status body" per request. */
    private Map<String, String> answers(final ProjectionService service) throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (final String id : ACCOUNTS) {
                assertThat(get(service, "/accounts/" + id)).as(id).contains("\"version\":12");
            }
            assertThat(get(service, "/accounts/" + LATE)).contains("\"version\":7");
        });
        final Map<String, String> answers = new TreeMap<>();
        for (final String id : accountsAndLate()) {
            final List<String> paths = new ArrayList<>(List.of(
                    "/accounts/" + id,
                    "/accounts/" + id + "/monthly-snapshots?year=2025",
                    "/accounts/" + id + "/events?limit=1000"));
            INSTANTS.forEach(instant -> paths.add("/accounts/" + id + "/balance?at=" + instant));
            for (final String path : paths) {
                answers.put(path, get(service, path));
            }
        }
        return answers;
    }

    private String get(final ProjectionService service, final String path) throws Exception {
        final HttpResponse<String> response = Http.get(service.httpPort(), path);
        return response.statusCode() + " " + response.body();
    }

    private Map<Integer, Long> logStart() throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            final Map<TopicPartition, OffsetSpec> query = new HashMap<>();
            IntStream.range(0, 3)
                    .forEach(p -> query.put(new TopicPartition(topics.events(), p), OffsetSpec.earliest()));
            final Map<Integer, Long> offsets = new TreeMap<>();
            admin.listOffsets(query)
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .forEach((partition, info) -> offsets.put(partition.partition(), info.offset()));
            return offsets;
        }
    }

    /** Records in an archive file, read with plain Avro and the schema in the file: no kes classes needed. */
    private static long readWithoutKes(final Path file) throws Exception {
        long records = 0;
        try (InputStream in = Files.newInputStream(file);
                DataFileStream<GenericRecord> stream = new DataFileStream<>(in, new GenericDatumReader<>())) {
            for (final GenericRecord record : stream) {
                assertThat(record.get("value")).isNotNull();
                records++;
            }
        }
        return records;
    }

    private Cli.Run archive(final String... more) {
        return Cli.archive(kafka, topics.events(), CUTOFF.toString(), archiveRoot, more);
    }

    private Cli.Run replay() {
        return Cli.forApplication(
                "replay",
                kafka,
                projectionId,
                topics,
                "--archive",
                archiveRoot.toString(),
                "--replication-factor",
                "1");
    }
}
