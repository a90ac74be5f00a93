package dev.kes.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.IntToLongFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sends records with one producer as fast as it takes them, and waits until every one is acknowledged. */
final class Loader {
    private static final long ACK_TIMEOUT_MINUTES = 10;

    private Loader() {}

    /**
     * @param elapsedNanos from just before the first {@code send} to the last acknowledgement
     */
    record Sent(long records, long valueBytes, long elapsedNanos) {
        double perSecond() {
            return records * 1e9 / elapsedNanos;
        }

        double megabytesPerSecond() {
            return valueBytes * 1e9 / elapsedNanos / (1024.0 * 1024.0);
        }
    }

    static Sent send(
            final Map<String, Object> producerSettings,
            final String topic,
            final int records,
            final IntFunction<String> key,
            final IntFunction<byte[]> value) {
        return send(producerSettings, topic, records, key, value, null);
    }

    /**
     * @param timestamp each record's Kafka timestamp (for events: their occurredAt, as the command service writes
     *                  them), or null for the producer's clock
     */
    static Sent send(
            final Map<String, Object> producerSettings,
            final String topic,
            final int records,
            final IntFunction<String> key,
            final IntFunction<byte[]> value,
            final IntToLongFunction timestamp) {
        final CountDownLatch acked = new CountDownLatch(records);
        final AtomicLong lastAck = new AtomicLong();
        final AtomicReference<Exception> failure = new AtomicReference<>();
        long bytes = 0;
        final long start;
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(producerSettings, new StringSerializer(), new ByteArraySerializer())) {
            // metadata first, so that the timing starts with a producer ready to send
            producer.partitionsFor(topic);
            start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                final byte[] bytesOfValue = value.apply(i);
                bytes += bytesOfValue.length;
                final Long at = timestamp == null ? null : timestamp.applyAsLong(i);
                final ProducerRecord<String, byte[]> record =
                        new ProducerRecord<>(topic, null, at, key.apply(i), bytesOfValue);
                producer.send(record, (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                    lastAck.set(System.nanoTime());
                    acked.countDown();
                });
            }
            if (!acked.await(ACK_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                throw new IllegalStateException(acked.getCount() + " records to " + topic + " not acknowledged in "
                        + ACK_TIMEOUT_MINUTES + " minutes");
            }
            producer.close(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + topic, e);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("sending to " + topic + " failed: " + failure.get(), failure.get());
        }
        return new Sent(records, bytes, lastAck.get() - start);
    }
}
