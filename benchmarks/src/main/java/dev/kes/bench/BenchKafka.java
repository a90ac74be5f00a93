package dev.kes.bench;

import dev.kes.kafka.embedded.EmbeddedKafkaCluster;
import dev.kes.service.kafka.Durability;
import dev.kes.service.kafka.ServedTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster of a run (embedded KRaft in a temp dir, one node or {@code --brokers N}, or an external cluster), the
 * run's unique name prefix, topic creation, and a temp dir for Kafka Streams state. Closing deletes the run's topics
 * on an external cluster and every temp dir.
 */
final class BenchKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BenchKafka.class);
    private static final long ADMIN_TIMEOUT_SECONDS = 60;
    private static final String BROKER_PREFIX = "bench.broker.";

    private final EmbeddedKafkaCluster embedded;
    private final int brokers;
    private final String bootstrap;
    private final String runId;
    private final Path tempDir;
    private final Admin admin;
    private int sequence;

    private BenchKafka(
            final EmbeddedKafkaCluster embedded, final int brokers, final String bootstrap, final Path tempDir) {
        this.embedded = embedded;
        this.brokers = brokers;
        this.bootstrap = bootstrap;
        this.tempDir = tempDir;
        this.runId = "kes-bench-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** An embedded cluster of {@code brokers} nodes when {@code bootstrap} is null, else the external cluster. */
    static BenchKafka start(final String bootstrap, final int brokers) {
        final Path tempDir = createTempDir();
        if (bootstrap != null) {
            return new BenchKafka(null, 0, bootstrap, tempDir);
        }
        final EmbeddedKafkaCluster.Builder builder =
                EmbeddedKafkaCluster.builder().brokers(brokers).dataDir(tempDir.resolve("kafka"));
        // -Dbench.broker.X=V: a broker setting to try without a rebuild (the embedded cluster's only)
        System.getProperties().stringPropertyNames().stream()
                .filter(key -> key.startsWith(BROKER_PREFIX))
                .forEach(key -> builder.brokerProperty(key.substring(BROKER_PREFIX.length()), System.getProperty(key)));
        final EmbeddedKafkaCluster cluster = builder.build().start();
        return new BenchKafka(cluster, brokers, cluster.bootstrapServers(), tempDir);
    }

    String bootstrap() {
        return bootstrap;
    }

    String describe() {
        return embedded != null
                ? "embedded KRaft cluster (" + brokers + " node" + (brokers == 1 ? "" : "s")
                        + ", in this JVM) at " + bootstrap + "; topics created with replication factor "
                        + replicationFactor() + ", min.insync.replicas " + minInsyncReplicas()
                : "external cluster " + bootstrap;
    }

    /** Nodes of the embedded cluster; 0 for an external cluster (unknown here). */
    int brokers() {
        return brokers;
    }

    /** What production runs on a cluster of three or more: an acknowledged write survives one lost broker. */
    short replicationFactor() {
        return (short) Math.min(Durability.REPLICATION_FACTOR, Math.max(1, brokers));
    }

    int minInsyncReplicas() {
        return brokers >= Durability.REPLICATION_FACTOR ? Durability.MIN_INSYNC_REPLICAS : 1;
    }

    /**
     * The services' topic keys for this cluster: on the embedded one, {@link #replicationFactor()} and {@link
     * #minInsyncReplicas()}; on an external cluster none (the services' defaults: the broker's replication factor).
     */
    Map<String, String> serviceTopicSettings() {
        if (embedded == null) {
            return Map.of();
        }
        return Map.of(
                "topic.replication.factor",
                String.valueOf(replicationFactor()),
                "topic.min.insync.replicas",
                String.valueOf(minInsyncReplicas()));
    }

    /** A name unique to this run: {@code kes-bench-<hex>-<n>-<what>}; valid as topic prefix and application.id. */
    synchronized String uniqueName(final String what) {
        return runId + "-" + (++sequence) + "-" + what;
    }

    /** A fresh directory under this run's temp dir (Kafka Streams state). */
    Path newStateDir(final String name) {
        try {
            return Files.createDirectories(tempDir.resolve("state").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Admin admin() {
        return admin;
    }

    void createTopics(final int partitions, final String... names) {
        final List<NewTopic> topics = Stream.of(names)
                .map(name -> embedded == null
                        ? new NewTopic(name, Optional.of(partitions), Optional.empty())
                        : new NewTopic(name, partitions, replicationFactor())
                                .configs(Durability.topicConfigs(replicationFactor(), minInsyncReplicas())))
                .toList();
        try {
            admin.createTopics(topics).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            awaitServed(List.of(names));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics " + List.of(names) + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@link ServedTopics#await}: a barrier after every topic creation, since a pipelining idempotent producer that
     * writes before the leader serves can have its retried first batches refused for good.
     */
    void awaitServed(final Collection<String> topics) throws InterruptedException {
        try {
            ServedTopics.await(admin, topics, Duration.ofSeconds(ADMIN_TIMEOUT_SECONDS));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("topics " + topics + " are not served: " + e.getMessage(), e);
        }
    }

    /**
     * The producer settings of the command path ({@code CommandClient}): acks=all, idempotent, linger.ms=1,
     * Kafka's default batch.size (16 KiB), no compression. Used for the raw-producer benchmark and every pre-load.
     */
    Map<String, Object> producerSettings() {
        final Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        return props;
    }

    /**
     * Creates what the first transactional producer and the first consumer group would otherwise create in the
     * middle of a measurement: {@code __transaction_state} and {@code __consumer_offsets}.
     */
    void warmUpInternalTopics() {
        final String topic = uniqueName("warmup");
        createTopics(1, topic);
        final Map<String, Object> producer = producerSettings();
        producer.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic);
        try (KafkaProducer<String, byte[]> tx =
                new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer())) {
            tx.initTransactions();
            tx.beginTransaction();
            tx.send(new ProducerRecord<>(topic, "warm", new byte[1]));
            tx.commitTransaction();
        }
        final Map<String, Object> consumer = new HashMap<>();
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, topic);
        try (KafkaConsumer<String, byte[]> group =
                new KafkaConsumer<>(consumer, new StringDeserializer(), new ByteArrayDeserializer())) {
            group.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(1)), Duration.ofSeconds(60));
        }
    }

    @Override
    public void close() {
        try {
            if (embedded == null) {
                deleteRunTopics();
            }
        } finally {
            admin.close(Duration.ofSeconds(5));
            if (embedded != null) {
                embedded.close();
            }
            deleteRecursively(tempDir);
        }
    }

    /**
     * Deletes every topic whose name starts with {@code prefix} (a Streams app's internal topics: {@code
     * <application.id>-}) and waits until the broker has accepted the deletion: a finished app's changelogs are then
     * no work for the log cleaner while the next app is measured.
     */
    void deleteTopicsStartingWith(final String prefix) {
        try {
            final Set<String> names = admin.listTopics().names().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            final List<String> matching =
                    names.stream().filter(name -> name.startsWith(prefix)).toList();
            admin.deleteTopics(matching).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deleting the topics " + prefix + "*", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot delete the topics " + prefix + "*: " + e.getMessage(), e);
        }
    }

    /** On a shared cluster, leave nothing behind: every topic of the run, Kafka Streams' internal ones too. */
    private void deleteRunTopics() {
        try {
            deleteTopicsStartingWith(runId);
        } catch (IllegalStateException e) {
            LOG.warn("could not delete the topics of run {}: {}", runId, e.getMessage());
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("kes-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(final Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.toString());
        }
    }
}
