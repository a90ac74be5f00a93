package dev.kes.service.personal;

import dev.kes.schemas.event.PersonalDataErased;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.MalformedRecordException;
import dev.kes.schemas.serde.UnknownSchemaException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tombstones the data keys of every account whose {@code PersonalDataErased} is on the events topic, committing its
 * offsets only after the tombstones are written: an instance stopped (even killed) between the event and the
 * tombstones completes the erasure when it comes back. Tombstoning an erased account again writes nothing.
 */
public final class ErasureWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ErasureWatcher.class);
    private static final String ERASED = PersonalDataErased.getClassSchema().getFullName();
    private static final int FETCH_MIN_BYTES = 64 * 1024;
    private static final int FETCH_WAIT_MS = 500;
    /** Offsets past events without an erasure are committed this often: a restart reads those again, harmlessly. */
    private static final long COMMIT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroCodec codec;
    private final PersonalData personal;
    private final Thread thread;

    private ErasureWatcher(
            final Map<String, Object> kafka,
            final String eventsTopic,
            final String groupId,
            final AvroCodec codec,
            final PersonalData personal) {
        final Map<String, Object> props = new HashMap<>(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // every event passes through here to find the rare erasure: fetch in batches (at most FETCH_WAIT_MS late)
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, FETCH_MIN_BYTES);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_WAIT_MS);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.consumer.subscribe(List.of(eventsTopic));
        this.codec = codec;
        this.personal = personal;
        this.thread = new Thread(this::run, "kes-erasure-watcher");
        this.thread.setDaemon(true);
    }

    public static ErasureWatcher start(
            final Map<String, Object> kafka,
            final String eventsTopic,
            final String groupId,
            final AvroCodec codec,
            final PersonalData personal) {
        final ErasureWatcher watcher = new ErasureWatcher(kafka, eventsTopic, groupId, codec, personal);
        watcher.thread.start();
        return watcher;
    }

    /** Runs until close()'s wakeup, which poll or commit throws even when it came while an erasure was written. */
    private void run() {
        boolean uncommitted = false;
        long committedAt = System.nanoTime();
        try {
            while (true) {
                final ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                boolean erased = false;
                for (final ConsumerRecord<String, byte[]> record : records) {
                    if (isErasure(record)) {
                        personal.erase(record.key());
                        erased = true;
                    }
                }
                uncommitted |= !records.isEmpty();
                if (uncommitted && (erased || System.nanoTime() - committedAt >= COMMIT_EVERY_NANOS)) {
                    consumer.commitSync();
                    uncommitted = false;
                    committedAt = System.nanoTime();
                }
            }
        } catch (WakeupException e) {
            // closing; thrown only by poll or commit, so every record polled so far has been handled
            if (uncommitted) {
                commitOnClose();
            }
        } catch (RuntimeException e) {
            // offsets stay where the last complete batch left them: the next start retries from there
            LOG.error("the erasure watcher stopped: {}", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void commitOnClose() {
        try {
            consumer.commitSync(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.warn(
                    "the erasure watcher's last offsets were not committed ({}); a restart reads them again",
                    e.toString());
        }
    }

    private boolean isErasure(final ConsumerRecord<String, byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return false;
        }
        try {
            return ERASED.equals(codec.writerName(record.value()));
        } catch (UnknownSchemaException | MalformedRecordException e) {
            return false;
        }
    }

    @Override
    public void close() {
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
