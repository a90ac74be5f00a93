package dev.kes.localstack;

import dev.kes.kafka.test.KafkaTestCluster;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The end offset of every partition of some topics. Anything appended moves it, a transaction's commit or abort
 * marker included: two equal snapshots mean nothing at all was written in between.
 */
final class EndOffsets {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private EndOffsets() {}

    static Map<String, Long> of(final KafkaTestCluster kafka, final String... topics) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                kafka.clientProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = Arrays.stream(topics)
                    .flatMap(topic -> consumer.partitionsFor(topic, TIMEOUT).stream()
                            .map(info -> new TopicPartition(topic, info.partition())))
                    .toList();
            final Map<String, Long> ends = new TreeMap<>();
            consumer.endOffsets(partitions, TIMEOUT).forEach((partition, end) -> ends.put(partition.toString(), end));
            return ends;
        }
    }
}
