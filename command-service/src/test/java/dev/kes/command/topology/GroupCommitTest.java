package dev.kes.command.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.command.CommandMetrics;
import dev.kes.command.CommandServiceConfig;
import dev.kes.command.CommandTopics;
import dev.kes.command.testing.Placement;
import dev.kes.command.testing.TestServices;
import dev.kes.command.testing.TopicReader;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.kafka.TopicProvisioner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
    private static final Duration NEVER = Duration.ofMinutes(5);
    private final AvroCodec codec = AvroCodec.shipped();

    @Test
    void aLoneCommandIsCommittedWithoutWaitingForTheCommitInterval(
            final KafkaTestCluster kafka, @TempDir final Path state) throws Exception {
        final CommandServiceConfig config = config(kafka, "group-commit-lone", state);
        try (KafkaStreams streams = running(config);
                KafkaProducer<String, byte[]> producer = producer(kafka)) {
            producer.send(record(config, "lone-1", codec.encode(Placement.open("open-lone-1", "lone-1"))))
                    .get();
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(
                                    TopicReader.readAll(kafka, config.topics().results()))
                            .hasSize(1));
            producer.send(record(config, "lone-1", codec.encode(Placement.deposit("dep-lone-1", "lone-1", "1.00"))))
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
        final CommandServiceConfig config = config(kafka, "group-commit-backlog", state);
        final int deposits = 20_000;
        try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
            producer.send(record(config, "backlog-1", codec.encode(Placement.open("open-backlog-1", "backlog-1"))));
            for (int i = 0; i < deposits; i++) {
                producer.send(record(
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

    private static CommandServiceConfig config(final KafkaTestCluster kafka, final String name, final Path state) {
        final Map<String, String> settings = TestServices.config(kafka, name, state);
        settings.put("commit.interval.ms", String.valueOf(NEVER.toMillis()));
        settings.put("commit.when.caught.up", "true");
        // Kafka Streams refuses a commit interval longer than the transaction timeout
        settings.put(
                "streams.producer.transaction.timeout.ms",
                String.valueOf(NEVER.multipliedBy(2).toMillis()));
        final CommandServiceConfig config = CommandServiceConfig.of(settings);
        try (Admin admin = Admin.create(config.kafka())) {
            TopicProvisioner.ensure(admin, CommandTopics.specs(config), config.minInsyncReplicas());
        }
        return config;
    }

    private KafkaStreams running(final CommandServiceConfig config) {
        final KafkaStreams streams = CommandStreams.create(config, CommandMetrics.unexposed(), codec);
        streams.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        return streams;
    }

    private static double commits(final KafkaStreams streams) {
        return streams.metrics().values().stream()
                .filter(metric -> metric.metricName().group().equals("stream-thread-metrics")
                        && metric.metricName().name().equals("commit-total"))
                .mapToDouble(metric -> ((Number) metric.metricValue()).doubleValue())
                .sum();
    }

    private static ProducerRecord<String, byte[]> record(
            final CommandServiceConfig config, final String key, final byte[] value) {
        return new ProducerRecord<>(config.topics().commands(), key, value);
    }

    private static KafkaProducer<String, byte[]> producer(final KafkaTestCluster kafka) {
        final Map<String, Object> props = kafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}
