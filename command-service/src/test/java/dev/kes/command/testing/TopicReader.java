package dev.kes.command.testing;

import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.schemas.serde.AvroCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic as a read_committed consumer would, up to its current end (the last stable offset): what
 * a downstream reader can ever see of everything committed so far.
 */
public final class TopicReader {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private TopicReader() {}

    public static List<ConsumerRecord<String, byte[]>> readAll(final KafkaTestCluster kafka, final String topic) {
        final Map<String, Object> props = kafka.clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic, DEADLINE).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, DEADLINE);
            final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            final long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end " + end + " in " + DEADLINE);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** Every event on the events topic, decoded. */
    public static List<StoredEvent> events(final KafkaTestCluster kafka, final String topic) {
        return events(kafka, topic, AvroCodec.shipped());
    }

    /** Every event on the events topic, decoded with {@code codec} (one over the writers' registry, if they use one). */
    public static List<StoredEvent> events(final KafkaTestCluster kafka, final String topic, final AvroCodec codec) {
        return readAll(kafka, topic).stream()
                .map(r -> StoredEvent.of(r, codec.decode(r.value())))
                .toList();
    }

    public static List<StoredEvent> events(final KafkaTestCluster kafka, final String topic, final String accountId) {
        return events(kafka, topic).stream()
                .filter(e -> e.accountId().equals(accountId))
                .toList();
    }
}
