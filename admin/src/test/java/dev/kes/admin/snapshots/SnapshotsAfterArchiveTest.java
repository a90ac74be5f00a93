package dev.kes.admin.snapshots;

import static dev.kes.admin.testing.Submissions.client;
import static dev.kes.admin.testing.Submissions.submitAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.admin.ExitCodes;
import dev.kes.admin.kafka.TopicScan;
import dev.kes.admin.testing.Cli;
import dev.kes.admin.testing.Commands;
import dev.kes.admin.testing.EventsTopic;
import dev.kes.admin.testing.Http;
import dev.kes.admin.testing.Partitioning;
import dev.kes.admin.testing.Services;
import dev.kes.client.command.CommandClient;
import dev.kes.command.CommandService;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.service.kafka.TopicNames;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * verify-snapshots and rebuild-snapshots after {@code es-admin archive}, the way an operator meets them: the
 * accounts' early events are archived and truncated from the topic, and the snapshot tools are pointed at the
 * store. Without --archive they refuse, naming the log start offset; with it they see every account whole, and a
 * rebuild leaves the archived accounts alive: a deposit still succeeds and opening one again is a conflict.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SnapshotsAfterArchiveTest {
    private static final Instant CUTOFF = Instant.parse("2025-07-01T00:00:00Z");
    /** Every event before the cutoff: the whole history goes to the archive. */
    private static final List<String> ARCHIVED = Partitioning.spread("old", 3, 1);
    /** Opened before the cutoff, one deposit after it: the history is split between archive and topic. */
    private static final List<String> SPLIT = Partitioning.spread("split", 3, 1);

    private KafkaTestCluster kafka;
    private Path root;
    private String applicationId;
    private TopicNames topics;
    private CommandService service;

    @BeforeAll
    void importAndArchive(final KafkaTestCluster cluster, @TempDir final Path dirs) throws Exception {
        kafka = cluster;
        root = dirs;
        applicationId = TestNames.unique("snapshots-archived");
        topics = TopicNames.prefixed(applicationId);
        EventsTopic.create(kafka, topics);
        service = Services.command(kafka, applicationId, topics, dirs.resolve("first"));
        final List<String> all = new ArrayList<>(ARCHIVED);
        all.addAll(SPLIT);
        try (CommandClient client = client(kafka, topics)) {
            submitAll(client, all, id -> Commands.openAt(id, "100", Instant.parse("2025-01-10T00:00:00Z")));
            submitAll(client, all, id -> Commands.depositAt(id, "10", Instant.parse("2025-03-10T00:00:00Z")));
            // appended after every earlier event: each partition is cut here
            submitAll(client, SPLIT, id -> Commands.depositAt(id, "5", Instant.parse("2025-08-10T00:00:00Z")));
        }
        service.close();
        service = null;

        final Cli.Run archive = Cli.archive(kafka, topics.events(), CUTOFF.toString(), archiveRoot());
        assertThat(archive.exitCode()).as(archive.toString()).isEqualTo(ExitCodes.OK);
        assertThat(archive.out()).contains("log start 0 -> ");
    }

    @AfterAll
    void stop() throws Exception {
        Services.closeAll(service);
    }

    @Test
    @Order(1)
    void withoutTheArchiveBothRefuseNamingTheLogStartOffset() {
        final long recordsBefore = changelog().records();
        for (final String command : List.of("verify-snapshots", "rebuild-snapshots")) {
            final Cli.Run run = Cli.forApplication(command, kafka, applicationId, topics);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.REFUSED);
            assertThat(run.err())
                    .as(command)
                    .contains("log start offset is above 0 (partition 0 at ")
                    .contains("Pass --archive DIR")
                    .doesNotContain("Exception");
            assertThat(run.out()).as(command).doesNotContain("EXTRA").doesNotContain("rebuild-snapshots --");
        }
        assertThat(changelog().records()).isEqualTo(recordsBefore);
    }

    @Test
    @Order(1)
    void aProjectionReplayFromTheTopicAloneIsRefusedToo() {
        final String projectionId = applicationId + "-projection";
        final Cli.Run replay = Cli.forApplication("replay", kafka, projectionId, topics, "--new");
        assertThat(replay.exitCode()).as(replay.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(replay.err())
                .contains("refusing to replay " + projectionId + " from the beginning of " + topics.events()
                        + ": its log start offset is above 0 (partition 0 at ")
                .contains("Pass --archive DIR")
                .doesNotContain("Exception");
        assertThat(replay.out()).doesNotContain("Done");
    }

    @Test
    @Order(2)
    void withTheArchiveEverySnapshotMatches() {
        final Cli.Run verify = verify();
        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(ExitCodes.OK);
        assertThat(verify.out())
                .contains("archive    12 event(s) in 1 run(s)")
                .contains("3 event(s) in 3 partition(s) from where the archive ends, 6 account(s)")
                .contains("OK: the 6 snapshot(s) match the events.");
    }

    @Test
    @Order(3)
    void aRebuildWithTheArchiveTombstonesNoArchivedAccount() {
        final Cli.Run rebuild = Cli.forApplication(
                "rebuild-snapshots",
                kafka,
                applicationId,
                topics,
                "--archive",
                archiveRoot().toString());
        assertThat(rebuild.exitCode()).as(rebuild.toString()).isEqualTo(ExitCodes.OK);
        assertThat(rebuild.out()).contains("written    6 snapshot(s), 0 tombstone(s)");
        assertThat(changelog().snapshots()).containsOnlyKeys(accounts());
        assertThat(verify().exitCode()).isEqualTo(ExitCodes.OK);
    }

    @Test
    @Order(4)
    void afterTheRebuildTheArchivedAccountsLive() throws Exception {
        // an empty state directory: everything is restored from the rebuilt changelog
        service = Services.command(kafka, applicationId, topics, root.resolve("second"));
        for (final String id : ARCHIVED) {
            final HttpResponse<String> deposit = post("/accounts/" + id + "/deposits", "{\"amount\":\"1\"}");
            assertThat(deposit.statusCode()).as(id + " " + deposit.body()).isEqualTo(200);
            assertThat(deposit.body()).contains("\"version\":3").contains("\"balance\":\"111.00\"");

            final HttpResponse<String> reopen = post(
                    "/accounts", "{\"accountId\":\"" + id + "\",\"holder\":\"Someone else\",\"initialDeposit\":\"1\"}");
            assertThat(reopen.statusCode()).as(id + " " + reopen.body()).isEqualTo(409);
            assertThat(reopen.body()).contains("account-exists");
        }
        for (final String id : SPLIT) {
            final HttpResponse<String> deposit = post("/accounts/" + id + "/deposits", "{\"amount\":\"1\"}");
            assertThat(deposit.statusCode()).as(id + " " + deposit.body()).isEqualTo(200);
            assertThat(deposit.body()).contains("\"version\":4").contains("\"balance\":\"116.00\"");
        }
    }

    private List<String> accounts() {
        final List<String> all = new ArrayList<>(ARCHIVED);
        all.addAll(SPLIT);
        return all;
    }

    private Path archiveRoot() {
        return root.resolve("archive");
    }

    private Cli.Run verify() {
        return Cli.forApplication(
                "verify-snapshots",
                kafka,
                applicationId,
                topics,
                "--archive",
                archiveRoot().toString());
    }

    private ChangelogContents changelog() {
        return SnapshotChangelog.read(
                new TopicScan(kafka.clientProperties(), Duration.ofSeconds(30)),
                SnapshotChangelog.topic(applicationId));
    }

    private HttpResponse<String> post(final String path, final String json) throws Exception {
        return Http.postJson(service.httpPort(), path, json);
    }
}
