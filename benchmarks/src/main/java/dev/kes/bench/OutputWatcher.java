package dev.kes.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Counts the committed output of a Streams app: a {@code read_committed} consumer (no group) on every partition of
 * the output topics, positioned at their ends when created, so only what is written afterwards counts.
 * Create it before starting the app; then {@link #await} on the calling thread.
 */
final class OutputWatcher implements AutoCloseable {
    /** Fail when nothing new arrives for this long: the app is stuck, waiting longer proves nothing. */
    private static final long STALL_NANOS = Duration.ofSeconds(60).toNanos();

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Long> counts = new HashMap<>();

    OutputWatcher(final String bootstrap, final List<String> topics) {
        this.consumer = ByteConsumers.readCommitted(
                bootstrap,
                Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000));
        topics.forEach(topic -> counts.put(topic, 0L));
        ByteConsumers.assignAtEnd(consumer, topics);
    }

    /**
     * What was seen, all times {@link System#nanoTime()}.
     *
     * @param firstNanos         when the first poll returned output (the first committed transaction)
     * @param outputsInFirstPoll how many output records that first poll returned
     * @param lastNanos          when the last expected output was seen
     * @param outputs            output records seen on all topics together
     */
    record Seen(long firstNanos, long outputsInFirstPoll, long lastNanos, long outputs) {}

    /**
     * Polls until every topic has at least its expected number of new records.
     *
     * @param check run after every poll; throws to give up (the app failed)
     */
    Seen await(final Map<String, Long> expected, final Runnable check) {
        long first = 0;
        long inFirstPoll = 0;
        long lastProgress = System.nanoTime();
        while (!reached(expected)) {
            final ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
            final long now = System.nanoTime();
            check.run();
            if (records.isEmpty()) {
                if (now - lastProgress > STALL_NANOS) {
                    throw new IllegalStateException(
                            "no output for " + Duration.ofNanos(STALL_NANOS).toSeconds() + " s; seen " + counts
                                    + ", expected " + expected);
                }
                continue;
            }
            lastProgress = now;
            if (first == 0) {
                first = now;
                inFirstPoll = records.count();
            }
            for (final ConsumerRecord<byte[], byte[]> record : records) {
                counts.merge(record.topic(), 1L, Long::sum);
            }
        }
        final long last = System.nanoTime();
        return new Seen(
                first,
                inFirstPoll,
                last,
                counts.values().stream().mapToLong(Long::longValue).sum());
    }

    private boolean reached(final Map<String, Long> expected) {
        return expected.entrySet().stream().allMatch(entry -> counts.get(entry.getKey()) >= entry.getValue());
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
