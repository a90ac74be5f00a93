package dev.kes.command.topology;

import dev.kes.command.CommandServiceConfig;
import dev.kes.service.kafka.StreamsBaseConfig;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka Streams properties of the command service: exactly-once, static group membership with a bounded session
 * ({@link dev.kes.service.kafka.GroupMembership}, ADR 0008), {@code min.insync.replicas} on internal topics, and whatever the operator adds.
 */
public final class CommandStreamsConfig {
    /**
     * {@code max.task.idle.ms} -1: a task of this topology reads one partition of one topic, so there is nothing to
     * wait for before processing in timestamp order across partitions, and the default's bookkeeping each time a
     * task's buffer runs empty is pure cost (its profile is in benchmarks/LOG.md).
     */
    static final Map<String, Object> SINGLE_INPUT_TASKS = Map.of(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);

    /**
     * A command's result is visible when its transaction commits, so the producer must not sit on it (ADR 0017):
     * Kafka's own linger (Kafka Streams' 100 ms holds every record until the commit's flush), and a short first back-off
     * for the {@code CONCURRENT_TRANSACTIONS} a commit meets while the previous one's markers are being written
     * (Kafka's 100 ms would be most of a command's time; it still grows exponentially on real failures).
     */
    static final Map<String, Object> PROMPT_COMMITS = Map.of(
            StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG),
            5,
            StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG),
            5L);

    private CommandStreamsConfig() {}

    public static Properties properties(final CommandServiceConfig config) {
        final Properties props = StreamsBaseConfig.properties(config.common());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
        props.putAll(StreamsBaseConfig.FAST_RECOVERY);
        props.putAll(SINGLE_INPUT_TASKS);
        props.putAll(PROMPT_COMMITS);
        props.putAll(config.streams());
        return props;
    }
}
