package dev.kes.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * The ceiling of a replay: one plain {@code KafkaConsumer} (byte[] keys and values, Kafka's default fetch settings,
 * {@code read_committed} like the projection's consumer) reads a whole topic from the beginning. No consumer group:
 * the partitions are assigned and their positions resolved before the clock starts.
 */
final class RawConsumerRead {
    private static final long STALL_NANOS = Duration.ofSeconds(60).toNanos();

    private RawConsumerRead() {}

    /**
     * All times {@link System#nanoTime()}.
     *
     * @param startNanos      just before the first poll
     * @param firstNanos      when the first poll returned records
     * @param recordsInFirst  how many that poll returned
     * @param lastNanos       when the last record was returned
     * @param cpuNanos        CPU time of the reading thread from the first poll to the last (the consumer fetches on
     *                        the thread that polls), or -1 where the JVM cannot tell
     */
    record Timing(
            long records,
            long bytes,
            long startNanos,
            long firstNanos,
            long recordsInFirst,
            long lastNanos,
            long cpuNanos) {
        double fromStartRate() {
            return records * 1e9 / (lastNanos - startNanos);
        }

        /** Records after the first poll with records, per second between that poll and the last record. */
        double steadyRate() {
            return (records - recordsInFirst) * 1e9 / (lastNanos - firstNanos);
        }

        double seconds() {
            return (lastNanos - startNanos) / 1e9;
        }

        double cpuMicrosPerRecord() {
            return cpuNanos < 0 ? Double.NaN : cpuNanos / 1e3 / records;
        }
    }

    /** Reads {@code topic} from its beginning until {@code expected} records have come back. */
    static Timing read(final String bootstrap, final String topic, final long expected) {
        final KafkaConsumer<byte[], byte[]> consumer = ByteConsumers.readCommitted(bootstrap, Map.of());
        try {
            ByteConsumers.assignFromBeginning(consumer, topic);
            long records = 0;
            long bytes = 0;
            long first = 0;
            long inFirst = 0;
            long last = 0;
            final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            final long cpuStart = threads.getCurrentThreadCpuTime();
            final long start = System.nanoTime();
            long lastProgress = start;
            while (records < expected) {
                final ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(100));
                final long now = System.nanoTime();
                if (polled.isEmpty()) {
                    if (now - lastProgress > STALL_NANOS) {
                        throw new IllegalStateException("the raw consumer read nothing for 60 s; " + records + " of "
                                + expected + " records of " + topic);
                    }
                    continue;
                }
                for (final ConsumerRecord<byte[], byte[]> record : polled) {
                    bytes += record.serializedValueSize() + Math.max(0, record.serializedKeySize());
                }
                records += polled.count();
                lastProgress = now;
                last = now;
                if (first == 0) {
                    first = now;
                    inFirst = polled.count();
                }
            }
            final long cpu = cpuStart < 0 ? -1 : threads.getCurrentThreadCpuTime() - cpuStart;
            return new Timing(records, bytes, start, first, inFirst, last, cpu);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }
}
