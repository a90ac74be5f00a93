package dev.kes.admin.personal;

import dev.kes.kafka.test.KafkaTestCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
        final Pattern partitionDir = Pattern.compile(Pattern.quote(topic) + "-\\d+");
        final List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(brokerData)) {
            files.filter(Files::isRegularFile)
                    .filter(file -> file.getParent() != null
                            && partitionDir
                                    .matcher(file.getParent().getFileName().toString())
                                    .matches())
                    .forEach(file -> {
                        if (contains(bytes(file), needle)) {
                            found.add(file);
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** Whether the topic has any partition directory under the broker's data directory. */
    static boolean hasSegments(final Path brokerData, final String topic) {
        final Pattern partitionDir = Pattern.compile(Pattern.quote(topic) + "-\\d+");
        try (Stream<Path> files = Files.walk(brokerData)) {
            return files.anyMatch(file -> Files.isDirectory(file)
                    && partitionDir.matcher(file.getFileName().toString()).matches());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(final Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new byte[0]; // rolled or deleted while walking
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean contains(final byte[] haystack, final byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
