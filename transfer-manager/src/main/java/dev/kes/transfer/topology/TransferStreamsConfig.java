package dev.kes.transfer.topology;

import dev.kes.service.kafka.StreamsBaseConfig;
import dev.kes.transfer.TransferManagerConfig;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka Streams properties of the process manager: exactly-once, so that a step's store update, the command it
 * sends and its consumed offset commit together (a crash between them can neither lose a follow-up nor, with the
 * derived commandIds, apply one twice); static group membership with a bounded session (ADR 0008); {@code
 * min.insync.replicas} on internal topics; and whatever the operator adds.
 */
public final class TransferStreamsConfig {
    private TransferStreamsConfig() {}

    public static Properties properties(final TransferManagerConfig config) {
        final Properties props = StreamsBaseConfig.properties(config.common());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
        props.putAll(config.streams());
        return props;
    }
}
