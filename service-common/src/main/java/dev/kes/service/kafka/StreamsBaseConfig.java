package dev.kes.service.kafka;

import dev.kes.service.config.CommonSettings;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams properties every service's app starts from: the operator's client settings, its identity and
 * state directory, durable internal topics, static membership with a bounded session (ADR 0008) and the global
 * processing-exception handler. Each service adds its own guarantee and tuning, then the operator's
 * {@code streams.*} settings last, so that they win.
 */
public final class StreamsBaseConfig {
    private static final String GLOBAL_EXCEPTION_HANDLER = "processing.exception.handler.global.enabled";

    /**
     * How long an instance without local state takes to serve commands again after a failover is mostly waiting,
     * not restoring (benchmarks/README.md "State recovery": 100k accounts restore in 0.2 s of 0.9 s). The restore
     * consumer's fetch at the end of a changelog partition waits {@code fetch.max.wait.ms} (500 ms) for data that
     * never comes, and a task handed over meanwhile waits behind it; then the stream thread sees the restore done
     * only after its poll of up to {@code poll.ms} (100 ms). Both shortened: an idle instance then polls more often,
     * which costs little (README "Configuration"). Operators may override either with {@code streams.*}. The
     * services that use it add it themselves.
     */
    public static final Map<String, Object> FAST_RECOVERY = Map.of(
            StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
            10,
            StreamsConfig.POLL_MS_CONFIG,
            10);

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
