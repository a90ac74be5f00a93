package dev.kes.kafka.test;

import dev.kes.kafka.embedded.EmbeddedKafkaCluster;
import java.util.Map;
import java.util.Optional;

/** The real Kafka cluster a test runs against; one per test JVM, shared by all test classes. */
public interface KafkaTestCluster {

    String bootstrapServers();

    /** {@code "external"}, {@code "testcontainers"} or {@code "embedded"}. */
    String provider();

    /**
     * Creates a topic through the Admin API and waits until every partition has a leader.
     * The replication factor is {@code min(3, number of brokers)}.
     */
    void createTopic(String name, int partitions, Map<String, String> configs);

    /** Client properties to connect to the cluster: {@code bootstrap.servers} (a new, mutable map). */
    Map<String, Object> clientProperties();

    /** The in-process cluster, only with the embedded provider (e.g. for fault tests stopping brokers). */
    Optional<EmbeddedKafkaCluster> embedded();
}
