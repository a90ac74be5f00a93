package dev.kes.bench;

import dev.kes.admin.kafka.TopicScan;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Makes the log cleaner compact the snapshot changelog now, and waits until it has: the cleaner never touches a
 * partition's active segment, and the whole load sits in it. So {@code segment.ms} drops to 1 s and one more record
 * goes to every partition (an account's current snapshot again: the restored state does not change); its timestamp
 * is more than a second after the segment's first, so the broker rolls the segment before appending it, and the old
 * one becomes cleanable (dirty ratio 1 > the default 0.5, {@code min.compaction.lag.ms} 0). The cleaner takes it at
 * its next check ({@code log.cleaner.backoff.ms}, 15 s by default).
 */
final class ChangelogCompaction {
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final long TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(20);

    private ChangelogCompaction() {}

    /**
     * @param lagNanos       from the rolling appends until a count found the target
     * @param records        records in the changelog then
     * @param countedInNanos how long the last count took (the resolution of {@code lagNanos})
     */
    record Compacted(long lagNanos, long records, long countedInNanos) {}

    /**
     * @param keys      account ids
     * @param current   the current changelog value of account a
     * @param target    compaction is done at or below this many records
     */
    static Compacted force(
            final BenchKafka kafka,
            final String topic,
            final int partitions,
            final String[] keys,
            final IntFunction<byte[]> current,
            final long target)
            throws InterruptedException {
        setSegmentMs(kafka, topic, 1_000);
        final long start = System.nanoTime();
        rollEveryPartition(kafka, topic, partitions, keys, current);
        final TopicScan scan = new TopicScan(Map.of("bootstrap.servers", kafka.bootstrap()), Duration.ofMinutes(1));
        while (true) {
            final long countStart = System.nanoTime();
            final AtomicLong records = new AtomicLong();
            scan.scan(topic, null, record -> records.incrementAndGet());
            final long now = System.nanoTime();
            if (records.get() <= target) {
                return new Compacted(now - start, records.get(), now - countStart);
            }
            if (now - start > TIMEOUT_NANOS) {
                throw new IllegalStateException(topic + " still holds " + records.get() + " records (target " + target
                        + ") 20 minutes after its segments rolled: is the log cleaner running?");
            }
            // the cleaner works on its own schedule; counting again at once would only slow it down
            Thread.sleep(POLL.toMillis());
        }
    }

    private static void setSegmentMs(final BenchKafka kafka, final String topic, final long millis) {
        final ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        final AlterConfigOp op =
                new AlterConfigOp(new ConfigEntry("segment.ms", Long.toString(millis)), AlterConfigOp.OpType.SET);
        try {
            kafka.admin()
                    .incrementalAlterConfigs(Map.of(resource, List.of(op)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while configuring " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot set segment.ms of " + topic + ": " + e.getMessage(), e);
        }
    }

    /** For each partition, the first account that lives there, and its current snapshot written again. */
    private static void rollEveryPartition(
            final BenchKafka kafka,
            final String topic,
            final int partitions,
            final String[] keys,
            final IntFunction<byte[]> current) {
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(kafka.producerSettings(), new StringSerializer(), new ByteArraySerializer())) {
            final boolean[] rolled = new boolean[partitions];
            final List<Future<RecordMetadata>> sent = new ArrayList<>();
            int left = partitions;
            for (int a = 0; a < keys.length && left > 0; a++) {
                final int partition = partitionOf(keys[a], partitions);
                if (!rolled[partition]) {
                    rolled[partition] = true;
                    left--;
                    sent.add(producer.send(new ProducerRecord<>(topic, partition, keys[a], current.apply(a))));
                }
            }
            if (left > 0) {
                throw new IllegalStateException(left + " partitions of " + topic + " have no account to roll them");
            }
            for (final Future<RecordMetadata> ack : sent) {
                ack.get(60, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rolling " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot roll the segments of " + topic + ": " + e.getMessage(), e);
        }
    }

    /** Kafka's default partitioner for a String key: where the producers (and so the tasks) put the account. */
    static int partitionOf(final String key, final int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
