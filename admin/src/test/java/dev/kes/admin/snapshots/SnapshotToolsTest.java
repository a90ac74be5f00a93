package dev.kes.admin.snapshots;

import static dev.kes.admin.testing.Submissions.accepted;
import static dev.kes.admin.testing.Submissions.client;
import static dev.kes.admin.testing.Submissions.submitAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.admin.ExitCodes;
import dev.kes.admin.kafka.TopicScan;
import dev.kes.admin.testing.Cli;
import dev.kes.admin.testing.Commands;
import dev.kes.admin.testing.Services;
import dev.kes.client.command.CommandClient;
import dev.kes.command.CommandService;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.result.Outcome;
import dev.kes.schemas.result.RejectionCode;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.state.AccountSnapshot;
import dev.kes.service.kafka.TopicNames;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * verify-snapshots and rebuild-snapshots against a real command service: one story, in order. The service writes
 * accounts and stops; its snapshots verify; tampered snapshots are reported (and a restart on the old local state
 * restores them: a restore goes from the offset the local store has applied to the changelog's end); a rebuild repairs them
 * without touching local state; restarted on its old local state, and then on an empty one, the service continues
 * from the rebuilt snapshots.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SnapshotToolsTest {
    private static final List<String> ACCOUNTS =
            IntStream.range(0, 6).mapToObj(i -> "acc-" + i).toList();
    private static final String CLOSED = "acc-closed";

    private Path stateRoot;
    private KafkaTestCluster kafka;
    private String applicationId;
    private TopicNames topics;
    private CommandService service;

    @BeforeAll
    void writeAccounts(final KafkaTestCluster cluster, @TempDir final Path stateDirs) throws Exception {
        kafka = cluster;
        stateRoot = stateDirs;
        applicationId = TestNames.unique("snapshots");
        topics = TopicNames.prefixed(applicationId);
        service = Services.command(kafka, applicationId, topics, stateRoot.resolve("first"));
        try (CommandClient client = client(kafka, topics)) {
            // per account: open 100+i (v1), deposit 10 (v2), withdraw 5 (v3) → balance 105+i
            submitAll(client, ACCOUNTS, id -> Commands.open(id, String.valueOf(100 + ACCOUNTS.indexOf(id))));
            submitAll(client, ACCOUNTS, id -> Commands.deposit(id, "10", 1));
            submitAll(client, ACCOUNTS, id -> Commands.withdraw(id, "5", 2));
            accepted(client.submit(Commands.open(CLOSED, "0")));
            accepted(client.submit(Commands.close(CLOSED, 1)));
        }
    }

    @AfterAll
    void stop() throws Exception {
        Services.closeAll(service);
    }

    @Test
    @Order(1)
    void rebuildAndReplayRefuseWhileTheServiceRuns() {
        final Cli.Run rebuild = rebuild();
        assertThat(rebuild.exitCode()).as(rebuild.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(rebuild.err())
                .contains("refusing to rebuild the snapshots of " + applicationId)
                .contains("active member(s)");

        final Cli.Run replay = Cli.forApplication("replay", kafka, applicationId, topics);
        assertThat(replay.exitCode()).as(replay.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(replay.err()).contains("is running");

        service.close();
        service = null;
    }

    @Test
    @Order(2)
    void replayRefusesACommandServiceEvenWhenStopped() {
        final Cli.Run replay = Cli.forApplication("replay", kafka, applicationId, topics);
        assertThat(replay.exitCode()).as(replay.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(replay.err()).contains("it is a command service");
    }

    @Test
    @Order(3)
    void theServicesOwnSnapshotsVerify() {
        final Cli.Run verify = verify();
        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(ExitCodes.OK);
        assertThat(verify.out())
                .contains("20 event(s) in 3 partition(s), 7 account(s)")
                .contains("OK: the 7 snapshot(s) match the events.");
    }

    @Test
    @Order(4)
    void tamperedMissingAndExtraSnapshotsAreReported() throws Exception {
        final String changelog = SnapshotChangelog.topic(applicationId);
        final Map<String, StoredSnapshot> stored = SnapshotChangelog.read(
                        new TopicScan(kafka.clientProperties(), Duration.ofSeconds(30)), changelog)
                .snapshots();
        final AccountSnapshot acc1 = stored.get("acc-1").snapshot();
        final AccountSnapshot acc4 = stored.get("acc-4").snapshot();
        // written as Kafka Streams writes the changelog: String key, Avro value, the key's partition
        produceToChangelog(
                changelog,
                "acc-1",
                new AccountSnapshot(
                        acc1.getAccountId(),
                        acc1.getHolder(),
                        new BigDecimal("999.00"),
                        acc1.getVersion(),
                        acc1.getStatus(),
                        acc1.getOpenedAt(),
                        acc1.getUpdatedAt(),
                        false));
        produceToChangelog(
                changelog,
                "acc-4",
                new AccountSnapshot(
                        acc4.getAccountId(),
                        acc4.getHolder(),
                        acc4.getBalance(),
                        2L,
                        acc4.getStatus(),
                        acc4.getOpenedAt(),
                        acc4.getUpdatedAt(),
                        false));
        produceToChangelog(changelog, "acc-2", null);
        produceToChangelog(
                changelog,
                "ghost",
                new AccountSnapshot(
                        "ghost",
                        "Nobody",
                        new BigDecimal("1.00"),
                        7L,
                        acc1.getStatus(),
                        acc1.getOpenedAt(),
                        acc1.getUpdatedAt(),
                        false));

        final Cli.Run verify = verify();

        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(ExitCodes.PROBLEMS_FOUND);
        assertThat(verify.out())
                .containsPattern("DIFFERENT +acc-1  balance: snapshot 999.00, events 106.00\n")
                .containsPattern("DIFFERENT +acc-4  version: snapshot 2, events 3\n")
                .containsPattern("MISSING +acc-2  no snapshot; the events say version 3\n")
                .containsPattern("EXTRA +ghost  a snapshot at version 7, but the account has no events\n")
                .contains("FAILED: 4 mismatch(es)")
                .contains("es-admin rebuild-snapshots --application-id " + applicationId);
    }

    @Test
    @Order(5)
    void aServiceRestartedOnItsLocalStateRestoresWhatWasWrittenBehindItsBack() throws Exception {
        // the tampered acc-4 (version 2) comes after the offset the first run's local store had applied, and a
        // restore goes from there to the changelog's end: the record written behind Streams' back is restored
        service = Services.command(kafka, applicationId, topics, stateRoot.resolve("first"));
        try (CommandClient client = client(kafka, topics)) {
            final CommandResult conflict =
                    client.submit(Commands.deposit("acc-4", "1", 3)).get(30, TimeUnit.SECONDS);
            assertThat(conflict.getOutcome()).isEqualTo(Outcome.REJECTED);
            assertThat(conflict.getRejection().getCode()).isEqualTo(RejectionCode.CONFLICT);
            assertThat(conflict.getRejection().getCurrentVersion()).isEqualTo(2);
        }
        service.close();
        service = null;
        assertThat(stateRoot.resolve("first").resolve(applicationId)).isDirectory();
    }

    @Test
    @Order(6)
    void aRebuildRepairsThemWithoutTouchingLocalState() {
        final Cli.Run rebuild = rebuild();

        assertThat(rebuild.exitCode()).as(rebuild.toString()).isEqualTo(ExitCodes.OK);
        assertThat(rebuild.out())
                .contains("written    7 snapshot(s), 1 tombstone(s)")
                .contains("restore the rebuilt snapshots too");
        assertThat(stateRoot.resolve("first").resolve(applicationId)).isDirectory();
        final Cli.Run verify = verify();
        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(ExitCodes.OK);
        assertThat(verify.out()).contains("OK: the 7 snapshot(s) match the events.");
    }

    @Test
    @Order(7)
    void aServiceRestartedOnItsOldLocalStateContinuesFromTheRebuiltSnapshots() throws Exception {
        service = Services.command(kafka, applicationId, topics, stateRoot.resolve("first"));
        try (CommandClient client = client(kafka, topics)) {
            assertThat(accepted(client.submit(Commands.deposit("acc-4", "1", 3)))
                            .getVersion())
                    .isEqualTo(4);
            final CommandResult tampered = accepted(client.submit(Commands.deposit("acc-1", "10", 3)));
            assertThat(tampered.getVersion()).isEqualTo(4);
            assertThat(tampered.getBalance()).isEqualByComparingTo("116.00");
            final CommandResult deleted = accepted(client.submit(Commands.deposit("acc-2", "1", 3)));
            assertThat(deleted.getVersion()).isEqualTo(4);
            assertThat(deleted.getBalance()).isEqualByComparingTo("108.00");
            final CommandResult ghost =
                    client.submit(Commands.depositAnyVersion("ghost", "1")).get(30, TimeUnit.SECONDS);
            assertThat(ghost.getOutcome()).isEqualTo(Outcome.REJECTED);
            assertThat(ghost.getRejection().getCode()).isEqualTo(RejectionCode.NOT_FOUND);
        }
        service.close();
        service = null;
    }

    @Test
    @Order(8)
    void withItsLocalStateDeletedAServiceRestoresEverythingFromTheChangelog() throws Exception {
        final Path stateDir = stateRoot.resolve("first");
        final Cli.Run rebuild = rebuild("--changed-only", "--state-dir", stateDir.toString());

        assertThat(rebuild.exitCode()).as(rebuild.toString()).isEqualTo(ExitCodes.OK);
        assertThat(rebuild.out())
                .contains("written    0 snapshot(s), 0 tombstone(s) for snapshots without events, "
                        + "7 unchanged left as they were")
                .contains("local state deleted " + stateDir.resolve(applicationId));
        assertThat(stateDir.resolve(applicationId)).doesNotExist();

        service = Services.command(kafka, applicationId, topics, stateDir);
        try (CommandClient client = client(kafka, topics)) {
            final CommandResult next = accepted(client.submit(Commands.deposit("acc-1", "4", 4)));
            assertThat(next.getVersion()).isEqualTo(5);
            assertThat(next.getBalance()).isEqualByComparingTo("120.00");
        }
    }

    private Cli.Run rebuild(final String... more) {
        return Cli.forApplication("rebuild-snapshots", kafka, applicationId, topics, more);
    }

    private Cli.Run verify() {
        return Cli.forApplication("verify-snapshots", kafka, applicationId, topics);
    }

    private void produceToChangelog(final String topic, final String key, final AccountSnapshot value)
            throws Exception {
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            topic,
                            key,
                            value == null ? null : AvroCodec.shipped().encode(value)))
                    .get(30, TimeUnit.SECONDS);
        }
    }
}
