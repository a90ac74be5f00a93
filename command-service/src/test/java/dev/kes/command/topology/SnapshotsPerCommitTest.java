package dev.kes.command.topology;

import static dev.kes.command.testing.ManualCommits.command;
import static dev.kes.command.testing.ManualCommits.commits;
import static dev.kes.command.testing.ManualCommits.producer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.command.CommandMetrics;
import dev.kes.command.CommandServiceConfig;
import dev.kes.command.testing.ManualCommits;
import dev.kes.command.testing.Placement;
import dev.kes.command.testing.TopicReader;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.state.AccountSnapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshot topic (the account-state changelog) gets one snapshot per changed account per commit, the latest,
 * however many commands changed the account in between. On a real broker because a TopologyTestDriver commits after
 * every record: here {@code commit.interval.ms} is five minutes and group commit off, so each run's only commit is the
 * one of its close.
 */
@WithKafka
class SnapshotsPerCommitTest {
    private final AvroCodec codec = AvroCodec.shipped();

    @Test
    void manyCommandsOnAnAccountBetweenTwoCommitsLeaveOneSnapshotOfItsLatestState(
            final KafkaTestCluster kafka, @TempDir final Path state) throws Exception {
        final CommandServiceConfig config = ManualCommits.config(
                // the close must be a run's only commit: group commit would commit once caught up
                kafka, "snapshots-per-commit", state, Map.of("commit.when.caught.up", "false"));
        openWithDeposits(kafka, config, "often", 50);
        openWithDeposits(kafka, config, "seldom", 30);
        run(config, 82);

        assertThat(snapshots(kafka, config, "often"))
                .as("one commit: one snapshot, the latest")
                .extracting(AccountSnapshot::getVersion)
                .containsExactly(51L);
        assertThat(snapshots(kafka, config, "seldom"))
                .extracting(AccountSnapshot::getVersion)
                .containsExactly(31L);
        assertThat(snapshots(kafka, config, "often").get(0).getBalance()).isEqualByComparingTo("150.00");

        // a second commit, in which only one of them changed
        sendDeposits(kafka, config, "often", 51, 10);
        run(config, 10);

        assertThat(snapshots(kafka, config, "often"))
                .extracting(AccountSnapshot::getVersion)
                .containsExactly(51L, 61L);
        assertThat(snapshots(kafka, config, "seldom"))
                .as("unchanged: no snapshot in that commit")
                .extracting(AccountSnapshot::getVersion)
                .containsExactly(31L);
    }

    /**
     * Starts the topology on the state it left, waits until it has accepted {@code commands} more commands without
     * committing any, and closes it, which commits them all in one transaction.
     */
    private void run(final CommandServiceConfig config, final int commands) {
        final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        final KafkaStreams streams = CommandStreams.create(config, new CommandMetrics(meters), codec);
        try {
            streams.start();
            await().atMost(Duration.ofSeconds(90)).until(() -> accepted(meters) >= commands);
            assertThat(accepted(meters)).isEqualTo(commands);
            assertThat(commits(streams)).as("no commit before the close").isZero();
        } finally {
            streams.close(Duration.ofSeconds(60));
        }
    }

    private List<AccountSnapshot> snapshots(
            final KafkaTestCluster kafka, final CommandServiceConfig config, final String accountId) {
        return TopicReader.readAll(kafka, StoreNames.changelog(config.applicationId(), StoreNames.ACCOUNT_STATE))
                .stream()
                .filter(record -> record.key().equals(accountId))
                .map(record -> codec.decode(record.value(), AccountSnapshot.class))
                .toList();
    }

    private void openWithDeposits(
            final KafkaTestCluster kafka, final CommandServiceConfig config, final String accountId, final int deposits)
            throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
            producer.send(command(config, accountId, codec.encode(Placement.open("open-" + accountId, accountId))))
                    .get();
        }
        sendDeposits(kafka, config, accountId, 1, deposits);
    }

    private void sendDeposits(
            final KafkaTestCluster kafka,
            final CommandServiceConfig config,
            final String accountId,
            final int first,
            final int deposits) {
        try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
            for (int i = first; i < first + deposits; i++) {
                producer.send(command(
                        config,
                        accountId,
                        codec.encode(Placement.deposit("dep-" + accountId + "-" + i, accountId, "1.00"))));
            }
            producer.flush();
        }
    }

    private static double accepted(final SimpleMeterRegistry meters) {
        return meters.find(CommandMetrics.ACCEPTED).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }
}
