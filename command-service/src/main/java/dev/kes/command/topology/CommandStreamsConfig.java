package dev.kes.command.topology;

import dev.kes.command.CommandServiceConfig;
import org.apache.kafka.streams.StreamsConfig;

import java.util.Properties;

/** Kafka Streams properties of the command service: exactly-once, and whatever the operator adds. */
public final class CommandStreamsConfig {
    private CommandStreamsConfig() {
    }

    public static Properties properties(final CommandServiceConfig config) {
        final Properties props = new Properties();
        props.putAll(config.kafka());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
        // the recommended setting ahead of Kafka 5.0, where it becomes the default
        props.put("processing.exception.handler.global.enabled", true);
        props.putAll(config.streams());
        return props;
    }
}
