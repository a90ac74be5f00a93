package dev.kes.service.kafka;

import dev.kes.service.config.CommonSettings;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams properties every service's app starts from: the operator's client settings, its identity and
 * state directory, durable internal topics, static membership with a bounded session (ADR 0008) and the global
 * processing-exception handler. Each service adds its own guarantee and tuning, then the operator's
 * {@code streams.*} settings last, so that they win.
 */
public final class StreamsBaseConfig {
    private static final String GLOBAL_EXCEPTION_HANDLER = "processing.exception.handler.global.enabled";

    private StreamsBaseConfig() {}

    public static Properties properties(final CommonSettings settings) {
        final short replicationFactor = settings.replicationFactor();
        final String stateDir = settings.stateDir();
        final Properties props = new Properties();
        props.putAll(settings.kafka());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replicationFactor);
        props.putAll(Durability.streamsInternalTopics(replicationFactor, settings.minInsyncReplicas()));
        props.putAll(GroupMembership.streamsProperties(settings.instanceId(), stateDir, settings.streams()));
        // the recommended setting ahead of Kafka 5.0, where it becomes the default
        props.put(GLOBAL_EXCEPTION_HANDLER, true);
        // the partition assignor builds its own StreamsConfig from the main consumer's settings: it needs it there too
        props.put(StreamsConfig.mainConsumerPrefix(GLOBAL_EXCEPTION_HANDLER), true);
        return props;
    }
}
