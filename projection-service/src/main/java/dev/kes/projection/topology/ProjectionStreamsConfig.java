package dev.kes.projection.topology;

import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.service.kafka.Durability;
import dev.kes.service.kafka.GroupMembership;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

import java.util.Properties;

/**
 * Kafka Streams properties of the projection. At-least-once is enough here: the projector is idempotent by
 * version, so a redelivered event changes nothing.
 */
public final class ProjectionStreamsConfig {
    private ProjectionStreamsConfig() {
    }

    public static Properties properties(final ProjectionServiceConfig config) {
        final Properties props = new Properties();
        props.putAll(config.kafka());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.advertisedHost() + ":" + config.httpPort());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        // the command service writes events in transactions: an aborted one must never reach a read model
        // (at-least-once would otherwise read uncommitted records, and the committed retry would then be a
        // "duplicate" of the aborted version)
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        props.putAll(Durability.streamsInternalTopics(config.replicationFactor(), config.minInsyncReplicas()));
        // the same membership as the command service (ADR 0008): a killed instance that comes back costs no
        // rebalance, one that does not loses its partitions (to the standbys) within the bounded session
        props.putAll(GroupMembership.streamsProperties(config.instanceId(), config.stateDir(), config.streams()));
        // the recommended setting ahead of Kafka 5.0, where it becomes the default
        props.put("processing.exception.handler.global.enabled", true);
        // the partition assignor builds its own StreamsConfig from the main consumer's settings: it needs it there too
        props.put(StreamsConfig.mainConsumerPrefix("processing.exception.handler.global.enabled"), true);
        props.putAll(config.streams());
        return props;
    }
}
