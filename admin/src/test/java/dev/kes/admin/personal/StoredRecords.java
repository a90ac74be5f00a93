package dev.kes.admin.personal;

import dev.kes.command.testing.FileScan;
import dev.kes.kafka.test.KafkaTestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** What a topic holds: its committed records as a reader sees them, and its segment files as the broker keeps them. */
final class StoredRecords {
    private StoredRecords() {}

    /** Every committed record of the topic, partition by partition, in offset order. */
    static List<ConsumerRecord<byte[], byte[]>> read(final KafkaTestCluster kafka, final String topic) {
        final Map<String, Object> props = kafka.clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        final List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
                    .toList();
            for (final TopicPartition partition : partitions) {
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                final long end = consumer.endOffsets(List.of(partition)).get(partition);
                while (consumer.position(partition) < end) {
                    consumer.poll(Duration.ofMillis(200)).forEach(all::add);
                }
            }
        }
        return all;
    }

    /** The segment files of the topic's partitions under the broker's data directory that contain {@code needle}. */
    static List<Path> segmentsContaining(final Path brokerData, final String topic, final byte[] needle) {
        return FileScan.filesContaining(needle, FileScan.partitionDirs(brokerData, topic));
    }

    /** Whether the topic has any partition directory under the broker's data directory. */
    static boolean hasSegments(final Path brokerData, final String topic) {
        return FileScan.partitionDirs(brokerData, topic).length > 0;
    }
}
