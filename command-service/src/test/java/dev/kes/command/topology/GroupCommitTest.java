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
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit (ADR 0011) on a real broker, with a {@code commit.interval.ms} of five minutes so that only a commit of
 * a caught-up partition can make a result visible to {@code read_committed} readers within the test: a lone command
 * is committed at once, and a backlog is still committed in large transactions rather than once per poll.
 */
@WithKafka
class GroupCommitTest {
    private final AvroCodec codec = AvroCodec.shipped();

    @Test
    void aLoneCommandIsCommittedWithoutWaitingForTheCommitInterval(
            final KafkaTestCluster kafka, @TempDir final Path state) throws Exception {
        final CommandServiceConfig config =
                ManualCommits.config(kafka, "group-commit-lone", state, Map.of("commit.when.caught.up", "true"));
        try (KafkaStreams streams = running(config);
                KafkaProducer<String, byte[]> producer = producer(kafka)) {
            producer.send(command(config, "lone-1", codec.encode(Placement.open("open-lone-1", "lone-1"))))
                    .get();
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(
                                    TopicReader.readAll(kafka, config.topics().results()))
                            .hasSize(1));
            producer.send(command(config, "lone-1", codec.encode(Placement.deposit("dep-lone-1", "lone-1", "1.00"))))
                    .get();
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(
                                    TopicReader.readAll(kafka, config.topics().results()))
                            .hasSize(2));
        }
    }

    /**
     * A command that waited in the topic longer than the commit interval says the service is behind: it asks no commit
     * of its own, and waits for the interval's (or the next fresh command's) commit.
     */
    @Test
    void aCommandThatWaitedLongerThanTheCommitIntervalAsksNoCommitOfItsOwn(
            final KafkaTestCluster kafka, @TempDir final Path state) throws Exception {
        final CommandServiceConfig config =
                ManualCommits.config(kafka, "group-commit-stale", state, Map.of("commit.when.caught.up", "true"));
        final long waitedLonger = System.currentTimeMillis() - 2 * config.commitIntervalMs();
        try (KafkaStreams streams = running(config);
                KafkaProducer<String, byte[]> producer = producer(kafka)) {
            producer.send(new ProducerRecord<>(
                            config.topics().commands(),
                            null,
                            waitedLonger,
                            "stale-1",
                            codec.encode(Placement.open("open-stale-1", "stale-1"))))
                    .get();
            await().during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> TopicReader.readAll(kafka, config.topics().results())
                            .isEmpty());

            producer.send(command(config, "stale-1", codec.encode(Placement.deposit("dep-stale-1", "stale-1", "1.00"))))
                    .get();
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(
                                    TopicReader.readAll(kafka, config.topics().results()))
                            .hasSize(2));
        }
    }

    @Test
    void aBacklogIsCommittedInLargeTransactions(final KafkaTestCluster kafka, @TempDir final Path state)
            throws Exception {
        final CommandServiceConfig config =
                ManualCommits.config(kafka, "group-commit-backlog", state, Map.of("commit.when.caught.up", "true"));
        final int deposits = 20_000;
        try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
            producer.send(command(config, "backlog-1", codec.encode(Placement.open("open-backlog-1", "backlog-1"))));
            for (int i = 0; i < deposits; i++) {
                producer.send(command(
                        config, "backlog-1", codec.encode(Placement.deposit("dep-backlog-" + i, "backlog-1", "1.00"))));
            }
            producer.flush();
        }
        try (KafkaStreams streams = running(config)) {
            await().atMost(Duration.ofSeconds(120))
                    .untilAsserted(() -> assertThat(
                                    TopicReader.readAll(kafka, config.topics().results()))
                            .hasSize(deposits + 1));
            // a poll returns at most max.poll.records (1 000): committing each would be 20 or more transactions
            assertThat(commits(streams))
                    .as("commits for %d commands", deposits + 1)
                    .isBetween(1.0, 5.0);
        }
    }

    private KafkaStreams running(final CommandServiceConfig config) {
        final KafkaStreams streams = CommandStreams.create(config, CommandMetrics.unexposed(), codec);
        streams.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        return streams;
    }
}
