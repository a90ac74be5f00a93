package dev.kes.bench;

import dev.kes.schemas.event.TransferCredited;
import dev.kes.schemas.event.TransferRefunded;
import dev.kes.schemas.serde.AvroCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Sees transfers end on the events topic: a {@code read_committed} consumer without a group on every partition,
 * positioned at the end when created, on a thread of its own. Each committed {@code TransferCredited} (COMPLETED)
 * or {@code TransferRefunded} (REFUNDED) is handed to the listener with the time its poll returned; only those two
 * record types are decoded.
 */
final class TransferWatcher implements AutoCloseable {
    private static final String CREDITED = TransferCredited.getClassSchema().getFullName();
    private static final String REFUNDED = TransferRefunded.getClassSchema().getFullName();

    /** Called on the watcher's thread. */
    interface Listener {
        void ended(String transferId, boolean credited, long seenNanos);
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AvroCodec codec = AvroCodec.shipped();
    private final Listener listener;
    private final Thread thread;
    private final AtomicLong credited = new AtomicLong();
    private final AtomicLong refunded = new AtomicLong();
    private final AtomicLong firstCreditNanos = new AtomicLong();
    private final AtomicLong lastEndNanos = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;

    TransferWatcher(final String bootstrap, final String eventsTopic, final Listener listener) {
        this.consumer = ByteConsumers.readCommitted(
                bootstrap,
                Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000));
        ByteConsumers.assignAtEnd(consumer, List.of(eventsTopic));
        this.listener = listener;
        this.thread = new Thread(this::poll, "transfer-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        try {
            while (running) {
                final var records = consumer.poll(Duration.ofMillis(50));
                final long now = System.nanoTime();
                for (final ConsumerRecord<byte[], byte[]> record : records) {
                    final String type = codec.writerName(record.value());
                    if (CREDITED.equals(type)) {
                        firstCreditNanos.compareAndSet(0, now);
                        final TransferCredited event = codec.decode(record.value(), TransferCredited.class);
                        credited.incrementAndGet();
                        lastEndNanos.set(now);
                        listener.ended(event.getTransferId(), true, now);
                    } else if (REFUNDED.equals(type)) {
                        final TransferRefunded event = codec.decode(record.value(), TransferRefunded.class);
                        refunded.incrementAndGet();
                        lastEndNanos.set(now);
                        listener.ended(event.getTransferId(), false, now);
                    }
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                failure.set(e);
            }
        }
    }

    long credited() {
        return credited.get();
    }

    long refunded() {
        return refunded.get();
    }

    /** When the first credit was seen, {@link System#nanoTime()}; 0 before. */
    long firstCreditNanos() {
        return firstCreditNanos.get();
    }

    /** When the latest credit or refund was seen. */
    long lastEndNanos() {
        return lastEndNanos.get();
    }

    /** Throws if the watcher's thread died: a count that stopped would otherwise look like a stuck app. */
    void check() {
        if (failure.get() != null) {
            throw new IllegalStateException("the transfer watcher failed: " + failure.get(), failure.get());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
