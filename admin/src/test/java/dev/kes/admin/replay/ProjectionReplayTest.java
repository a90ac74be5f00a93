package dev.kes.admin.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.admin.ExitCodes;
import dev.kes.admin.testing.Cli;
import dev.kes.admin.testing.Offsets;
import dev.kes.admin.testing.Partitioning;
import dev.kes.admin.testing.ProjectedAccounts;
import dev.kes.admin.testing.Services;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.projection.ProjectionService;
import dev.kes.service.kafka.TopicNames;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.RecordMetadata;
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
 * replay against a real projection service, in order: it projects some accounts and stops; a replay resets it
 * (refused while it runs); restarted on wiped state it rebuilds the same balances; a new application id starts at an
 * instant.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProjectionReplayTest {
    private static final List<String> ACCOUNTS = Partitioning.spread("p", 3, 2);

    private KafkaTestCluster kafka;
    private Path stateDir;
    private String applicationId;
    private TopicNames topics;
    private final List<RecordMetadata> written = new ArrayList<>();
    private ProjectionService service;
    private Map<String, String> balancesBefore;

    @BeforeAll
    void projectSomeAccounts(final KafkaTestCluster cluster, @TempDir final Path stateDirs) throws Exception {
        kafka = cluster;
        stateDir = stateDirs;
        applicationId = TestNames.unique("replay");
        topics = TopicNames.prefixed(applicationId);
        written.addAll(ProjectedAccounts.write(kafka, topics, ACCOUNTS));
        service = Services.projection(kafka, applicationId, topics, stateDir);
        balancesBefore = ProjectedAccounts.awaitBalances(service, ACCOUNTS);
        assertThat(balancesBefore).containsEntry(ACCOUNTS.get(3), "109.00").hasSize(ACCOUNTS.size());
    }

    @AfterAll
    void stop() throws Exception {
        Services.closeAll(service);
    }

    @Test
    @Order(1)
    void replayRefusesWhileTheProjectionRuns() {
        final Cli.Run replay = replay(applicationId);
        assertThat(replay.exitCode()).as(replay.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(replay.err()).contains("refusing to replay " + applicationId + ": it is running");

        service.close();
        service = null;
    }

    @Test
    @Order(2)
    void replayResetsOffsetsDeletesInternalTopicsAndTheLocalState() throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            assertThat(internalTopics(admin)).contains(applicationId + "-balances-changelog");
            assertThat(Offsets.committed(admin, applicationId).values()).anyMatch(offset -> offset > 0);
            assertThat(stateDir.resolve(applicationId)).isDirectory();

            final Cli.Run replay = replay(applicationId, "--state-dir", stateDir.toString());

            assertThat(replay.exitCode()).as(replay.toString()).isEqualTo(ExitCodes.OK);
            assertThat(replay.out())
                    .contains("internal topics to delete:")
                    .contains(applicationId + "-balances-changelog")
                    .contains("local state deleted " + stateDir.resolve(applicationId));
            assertThat(internalTopics(admin)).isEmpty();
            assertThat(Offsets.committed(admin, applicationId))
                    .hasSize(3)
                    .allSatisfy((partition, offset) -> assertThat(offset).isZero());
            assertThat(stateDir.resolve(applicationId)).doesNotExist();
        }
    }

    @Test
    @Order(3)
    void theRestartedProjectionRebuildsTheSameBalances() throws Exception {
        service = Services.projection(kafka, applicationId, topics, stateDir);
        assertThat(ProjectedAccounts.awaitBalances(service, ACCOUNTS)).isEqualTo(balancesBefore);
        service.close();
        service = null;
    }

    @Test
    @Order(4)
    void fromAnInstantRefusesAnExistingApplication() {
        final Cli.Run replay = replay(applicationId, "--from", "2026-01-01T01:00:00Z");
        assertThat(replay.exitCode()).as(replay.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(replay.err()).contains("it is not a new application id");
    }

    @Test
    @Order(5)
    void aNewApplicationStartsAtTheFirstEventAtOrAfterTheInstant() throws Exception {
        final String fresh = applicationId + "-v2";
        final Instant from =
                ProjectedAccounts.BASE.plusSeconds(3600 + 2); // the deposits of accounts 2..5 and every withdrawal
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            final Cli.Run dryRun = replay(fresh, "--from", from.toString(), "--dry-run");
            assertThat(dryRun.exitCode()).as(dryRun.toString()).isEqualTo(ExitCodes.OK);
            assertThat(dryRun.out()).contains("Dry run: nothing changed.");
            assertThat(Offsets.committed(admin, fresh)).isEmpty();

            final Cli.Run replay = replay(fresh, "--from", from.toString());

            assertThat(replay.exitCode()).as(replay.toString()).isEqualTo(ExitCodes.OK);
            assertThat(Offsets.committed(admin, fresh)).isEqualTo(firstOffsetsAtOrAfter(from));
        }
    }

    @Test
    @Order(6)
    void aReplayKeepsTheTopicsOfAnApplicationWhoseIdExtendsItsOwn() {
        // the -v2 application of the previous test has a group now; give it a store changelog
        final String v2Changelog = applicationId + "-v2-balances-changelog";
        kafka.createTopic(v2Changelog, 3, Map.of("cleanup.policy", "compact"));

        final Cli.Run replay = replay(applicationId, "--dry-run");

        assertThat(replay.exitCode()).as(replay.toString()).isEqualTo(ExitCodes.OK);
        assertThat(replay.out())
                .contains("kept (another application's): " + v2Changelog)
                .doesNotContain("    " + v2Changelog);
    }

    @Test
    @Order(7)
    void anApplicationIdWithoutGroupIsRefusedUnlessNew() throws Exception {
        final String typo = applicationId + "-typo";
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            for (final String[] more : List.of(new String[] {"--dry-run"}, new String[0])) {
                final Cli.Run refused = replay(typo, more);
                assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.REFUSED);
                assertThat(refused.err())
                        .contains("refusing to replay " + typo + ": there is no consumer group " + typo)
                        .containsPattern("Groups on the cluster: [^.]*" + applicationId + "[,.] ")
                        .contains("add --new")
                        .hasLineCount(1);
            }
            assertThat(Offsets.committed(admin, typo)).isEmpty();

            final Cli.Run started = replay(typo, "--new");

            assertThat(started.exitCode()).as(started.toString()).isEqualTo(ExitCodes.OK);
            assertThat(Offsets.committed(admin, typo))
                    .hasSize(3)
                    .allSatisfy((partition, offset) -> assertThat(offset).isZero());
        }
    }

    /** Per partition, the offset of the first written event with a timestamp at or after the instant. */
    private Map<TopicPartition, Long> firstOffsetsAtOrAfter(final Instant from) {
        final Map<TopicPartition, Long> expected = new TreeMap<>(Offsets.BY_PARTITION);
        final Map<Integer, Long> ends = new HashMap<>();
        IntStream.range(0, 3).forEach(partition -> ends.put(partition, 0L));
        written.forEach(ack -> ends.merge(ack.partition(), ack.offset() + 1, Math::max));
        ends.forEach((partition, end) -> expected.put(new TopicPartition(topics.events(), partition), end));
        written.stream()
                .filter(ack -> ack.timestamp() >= from.toEpochMilli())
                .forEach(ack ->
                        expected.merge(new TopicPartition(topics.events(), ack.partition()), ack.offset(), Math::min));
        return expected;
    }

    private Cli.Run replay(final String application, final String... more) {
        return Cli.forApplication("replay", kafka, application, topics, more);
    }

    private List<String> internalTopics(final Admin admin) throws Exception {
        return admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(topic -> topic.startsWith(applicationId + "-"))
                .sorted()
                .toList();
    }
}
