package dev.kes.registry;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where the registry keeps its schemas and where it listens.
 *
 * @param topic             the compacted storage topic (one partition), created when missing
 * @param replicationFactor of the storage topic when created; -1 lets the broker choose, as the services do
 * @param port              HTTP port; 0 picks a free one
 * @param timeout           how long a start-up read or a registration may wait for Kafka
 * @param kafka             extra Kafka client properties (security settings), handed to every client as is
 */
public record SchemaRegistryConfig(
        String bootstrapServers,
        String topic,
        short replicationFactor,
        String host,
        int port,
        Duration timeout,
        Map<String, Object> kafka) {
    /** Confluent Schema Registry's own storage topic name. */
    public static final String DEFAULT_TOPIC = "_schemas";

    public static final int DEFAULT_PORT = 8085;

    public SchemaRegistryConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(timeout, "timeout");
        kafka = Map.copyOf(kafka);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** The defaults: topic {@value #DEFAULT_TOPIC}, 127.0.0.1:{@value #DEFAULT_PORT}, broker-chosen replication. */
    public static SchemaRegistryConfig of(final String bootstrapServers) {
        return new SchemaRegistryConfig(
                bootstrapServers,
                DEFAULT_TOPIC,
                (short) -1,
                "127.0.0.1",
                DEFAULT_PORT,
                Duration.ofSeconds(60),
                Map.of());
    }

    public SchemaRegistryConfig withTopic(final String name) {
        return new SchemaRegistryConfig(bootstrapServers, name, replicationFactor, host, port, timeout, kafka);
    }

    public SchemaRegistryConfig withPort(final int number) {
        return new SchemaRegistryConfig(bootstrapServers, topic, replicationFactor, host, number, timeout, kafka);
    }

    public SchemaRegistryConfig withReplicationFactor(final short replicas) {
        return new SchemaRegistryConfig(bootstrapServers, topic, replicas, host, port, timeout, kafka);
    }
}
