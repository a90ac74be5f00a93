package dev.kes.projection.topology;

import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.service.kafka.StreamsBaseConfig;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka Streams properties of the projection. At-least-once is enough here: the projector is idempotent by
 * version, so a redelivered event changes nothing.
 */
public final class ProjectionStreamsConfig {
    /** The producer's linger: Kafka's client default, not the 100 ms Kafka Streams sets. */
    static final int LINGER_MS = 5;
    /**
     * The record cache of all stream threads together. It holds the balances and months changed since the last
     * commit; when they do not fit, the least recently used go to the changelog early (more records, same answers).
     */
    static final long CACHE_MAX_BYTES = 32L * 1024 * 1024;

    /** Records restored per poll of the restore consumer (Kafka Streams: 1 000). */
    static final int RESTORE_BATCH = 10_000;

    private ProjectionStreamsConfig() {}

    public static Properties properties(final ProjectionServiceConfig config) {
        final Properties props = StreamsBaseConfig.properties(config.common());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.advertisedHost() + ":" + config.httpPort());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, CACHE_MAX_BYTES);
        // a new generation restores its bulk-built changelogs (ADR 0019), a failover its standby's: larger batches,
        // and no waiting at their ends
        props.putAll(StreamsBaseConfig.FAST_RECOVERY);
        props.put(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), RESTORE_BATCH);
        // the command service writes events in transactions: an aborted one must never reach a read model
        // (at-least-once would otherwise read uncommitted records, and the committed retry would then be a
        // "duplicate" of the aborted version)
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        // Kafka Streams' own default (100 ms) holds each transfer event that long before the transfers-by-id hop,
        // and GET /transfers/{id}?position= waits for that hop; batches still form under load
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), LINGER_MS);
        props.putAll(config.streams());
        return props;
    }
}
