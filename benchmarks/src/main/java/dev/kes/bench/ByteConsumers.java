package dev.kes.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
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

    /** Assigns every partition of {@code topics}, at its end: only what is written from now on is read. */
    static void assignAtEnd(final KafkaConsumer<byte[], byte[]> consumer, final Collection<String> topics) {
        final List<TopicPartition> partitions = partitions(consumer, topics);
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // the lazy seek resolved now, not at the first poll, after records may have been written
        partitions.forEach(consumer::position);
    }

    /** Assigns every partition of {@code topic}, at its beginning. */
    static void assignFromBeginning(final KafkaConsumer<byte[], byte[]> consumer, final String topic) {
        final List<TopicPartition> partitions = partitions(consumer, List.of(topic));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        partitions.forEach(consumer::position);
    }

    private static List<TopicPartition> partitions(
            final KafkaConsumer<byte[], byte[]> consumer, final Collection<String> topics) {
        return topics.stream()
                .flatMap(topic -> consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                        .map(info -> new TopicPartition(topic, info.partition())))
                .toList();
    }
}
