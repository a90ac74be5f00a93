package dev.kes.transfer.topology;

import dev.kes.service.kafka.Durability;
import dev.kes.service.kafka.GroupMembership;
import dev.kes.transfer.TransferManagerConfig;
import org.apache.kafka.streams.StreamsConfig;

import java.util.Properties;

/**
 * Kafka Streams properties of the process manager: exactly-once, so that a step's store update, the command it
 * sends and its consumed offset commit together (a crash between them can neither lose a follow-up nor, with the
 * derived commandIds, apply one twice); static group membership with a bounded session (ADR 0008); {@code
 * min.insync.replicas} on internal topics; and whatever the operator adds.
 */
public final class TransferStreamsConfig {
    private TransferStreamsConfig() {
    }

    public static Properties properties(final TransferManagerConfig config) {
        final Properties props = new Properties();
        props.putAll(config.kafka());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
        props.putAll(Durability.streamsInternalTopics(config.replicationFactor(), config.minInsyncReplicas()));
        props.putAll(GroupMembership.streamsProperties(config.instanceId(), config.stateDir(), config.streams()));
        // the recommended setting ahead of Kafka 5.0, where it becomes the default
        props.put("processing.exception.handler.global.enabled", true);
        // the partition assignor builds its own StreamsConfig from the main consumer's settings: it needs it there too
        props.put(StreamsConfig.mainConsumerPrefix("processing.exception.handler.global.enabled"), true);
        props.putAll(config.streams());
        return props;
    }
}
