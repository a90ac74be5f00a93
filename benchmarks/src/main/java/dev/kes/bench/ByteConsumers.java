package dev.kes.bench;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The benchmarks' own readers: assigned, group-less byte consumers that see only committed records. */
final class ByteConsumers {
    private ByteConsumers() {}

    /** A read_committed consumer without auto-commit; {@code settings} add to or override that. */
    static KafkaConsumer<byte[], byte[]> readCommitted(final String bootstrap, final Map<String, Object> settings) {
        final Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.putAll(settings);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
