package dev.kes.projection.feed;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Consumers of the events topic without a group: read_committed, every partition assigned, positioned by
 * {@code seek} only. Idle ones are kept for the next page or catch-up (a new consumer costs a connection and a
 * metadata round trip); at most {@link #MAX_IDLE} of them.
 */
final class FeedConsumers implements AutoCloseable {
    static final int MAX_IDLE = 4;

    private final Map<String, Object> properties;
    private final String topic;
    private final String clientIdPrefix;
    private final AtomicInteger created = new AtomicInteger();
    private final Deque<Consumer<String, byte[]>> idle = new ArrayDeque<>();
    private final List<TopicPartition> partitions;
    private boolean closed;

    FeedConsumers(final Map<String, Object> kafka, final String topic, final String clientIdPrefix) {
        this.properties = new HashMap<>(kafka);
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // a position before the log start (archived and deleted events) reads from the oldest one left
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.topic = topic;
        this.clientIdPrefix = clientIdPrefix;
        try (Consumer<String, byte[]> probe = create()) {
            final List<PartitionInfo> infos = probe.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " has no partitions");
            }
            this.partitions = infos.stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition))
                    .toList();
        }
    }

    String topic() {
        return topic;
    }

    /** The topic's partitions as they were at start, in partition order. */
    List<TopicPartition> partitions() {
        return partitions;
    }

    /** A consumer with every partition assigned, to be {@link #giveBack given back} (or closed) after use. */
    Consumer<String, byte[]> borrow() {
        synchronized (idle) {
            final Consumer<String, byte[]> kept = idle.pollFirst();
            if (kept != null) {
                return kept;
            }
        }
        final Consumer<String, byte[]> consumer = create();
        consumer.assign(partitions);
        return consumer;
    }

    /** A consumer for the live tail, owned (and closed) by the caller; at most {@code maxPollRecords} a poll. */
    Consumer<String, byte[]> dedicated(final int maxPollRecords) {
        final Map<String, Object> props = new HashMap<>(properties);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        final Consumer<String, byte[]> consumer = create(props);
        consumer.assign(partitions);
        return consumer;
    }

    void giveBack(final Consumer<String, byte[]> consumer) {
        synchronized (idle) {
            if (!closed && idle.size() < MAX_IDLE) {
                idle.addFirst(consumer);
                return;
            }
        }
        consumer.close(Duration.ofSeconds(5));
    }

    private Consumer<String, byte[]> create() {
        return create(new HashMap<>(properties));
    }

    private Consumer<String, byte[]> create(final Map<String, Object> props) {
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-" + created.incrementAndGet());
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void close() {
        synchronized (idle) {
            closed = true;
            idle.forEach(consumer -> consumer.close(Duration.ofSeconds(5)));
            idle.clear();
        }
    }
}
