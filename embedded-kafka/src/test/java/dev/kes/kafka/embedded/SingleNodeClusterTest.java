package dev.kes.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleNodeClusterTest {
    private static EmbeddedKafkaCluster cluster;
    private static Path tempDir;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedKafkaCluster.builder().build().start();
        tempDir = cluster.dataDir();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
        assertThat(tempDir).doesNotExist();
    }

    @Test
    void bindsToLoopbackWithOneBroker() {
        assertThat(cluster.size()).isEqualTo(1);
        assertThat(cluster.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(Files.isDirectory(cluster.dataDir())).isTrue();
    }

    @Test
    void retriesATransactionsConcurrentStartAfterMillisecondsNotTwentyOfThem() throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "0");
            assertThat(admin.describeConfigs(List.of(broker))
                            .all()
                            .get(30, TimeUnit.SECONDS)
                            .get(broker)
                            .get("add.partitions.to.txn.retry.backoff.ms")
                            .value())
                    .isEqualTo("5");
        }
    }

    @Test
    void producesIdempotentlyWithAcksAllAndConsumesBack() throws Exception {
        String topic = "plain";
        Clients.createTopic(cluster.bootstrapServers(), topic, 3, 1, Map.of());
        List<String> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = Clients.producer(cluster.bootstrapServers(), Map.of())) {
            for (int i = 0; i < 10; i++) {
                RecordMetadata meta = producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i))
                        .get(30, TimeUnit.SECONDS);
                assertThat(meta.offset()).isGreaterThanOrEqualTo(0);
                sent.add("v" + i);
            }
        }
        assertThat(Clients.consume(cluster.bootstrapServers(), topic, "read_uncommitted", 10))
                .containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void committedTransactionsAreVisibleToReadCommitted() throws Exception {
        String topic = "tx";
        Clients.createTopic(cluster.bootstrapServers(), topic, 1, 1, Map.of());
        try (KafkaProducer<String, String> producer = Clients.producer(
                cluster.bootstrapServers(), Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-test"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed-1"));
            producer.send(new ProducerRecord<>(topic, "k", "committed-2"));
            producer.commitTransaction();
        }
        assertThat(Clients.consume(cluster.bootstrapServers(), topic, "read_committed", 2))
                .containsExactly("committed-1", "committed-2");
    }

    @Test
    void kafkaStreamsExactlyOnceV2Works(@TempDir Path stateDir) throws Exception {
        String in = "streams-in";
        String out = "streams-out";
        Clients.createTopic(cluster.bootstrapServers(), in, 3, 1, Map.of());
        Clients.createTopic(cluster.bootstrapServers(), out, 3, 1, Map.of());

        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(in, Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey()
                .count()
                .toStream()
                .mapValues(count -> Long.toString(count))
                .to(out, Produced.with(Serdes.String(), Serdes.String()));
        Map<String, Object> props = Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG,
                "eos-test",
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers(),
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                StreamsConfig.EXACTLY_ONCE_V2,
                StreamsConfig.STATE_DIR_CONFIG,
                stateDir.toString(),
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                100,
                StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG,
                0,
                StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG),
                "earliest");
        try (KafkaStreams streams = new KafkaStreams(builder.build(), new StreamsConfig(props))) {
            streams.start();
            try (KafkaProducer<String, String> producer = Clients.producer(cluster.bootstrapServers(), Map.of())) {
                for (int i = 0; i < 3; i++) {
                    producer.send(new ProducerRecord<>(in, "a", "x" + i)).get(30, TimeUnit.SECONDS);
                }
            }
            List<String> counts = Clients.consume(cluster.bootstrapServers(), out, "read_committed", 3);
            assertThat(counts).containsExactly("1", "2", "3");
            await().atMost(Duration.ofSeconds(30)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        }
    }
}
