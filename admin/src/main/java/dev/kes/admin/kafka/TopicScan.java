package dev.kes.admin.kafka;

import dev.kes.admin.AdminException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads every partition of a topic from a start position up to the end offsets captured when the read starts.
 *
 * <p>The end is fixed up front so that a read of a topic that is still being written terminates, and describes
 * one well-defined cut: every record committed before the read started, per partition. With read_committed the end
 * offset is the last stable offset, so a transaction still open then is left out entirely rather than half read.
 * Records arrive in offset order within each partition; partitions interleave.
 */
public final class TopicScan {
    private static final Duration POLL = Duration.ofMillis(200);

    private final Map<String, Object> consumerProperties;
    private final Duration timeout;

    /**
     * @param kafka   Kafka client properties (at least bootstrap.servers)
     * @param timeout how long a metadata call, or the read without any progress, may take before it fails
     */
    public TopicScan(final Map<String, ?> kafka, final Duration timeout) {
        this.consumerProperties = Clients.consumer(kafka);
        this.timeout = timeout;
    }

    /**
     * Reads {@code topic} from {@code from} to the end offsets it has now.
     *
     * @param from null or not after 1970-01-01 for the beginning of each partition; otherwise the offset of the
     *             first committed record whose timestamp is at or after it ({@link #firstOffsetsAtOrAfter}), or
     *             nothing for a partition without such a record
     * @return the range read of every partition, in partition order
     * @throws AdminException when the topic does not exist, Kafka cannot be reached, or the read stalls
     */
    public List<OffsetRange> scan(
            final String topic, final Instant from, final Consumer<ConsumerRecord<byte[], byte[]>> handler) {
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerProperties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = partitions(consumer, topic);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            final Map<TopicPartition, Long> start = startOffsets(consumer, topic, partitions, from, end);
            consumer.resume(consumer.paused());
            final List<OffsetRange> ranges = new ArrayList<>();
            final Set<TopicPartition> open = new HashSet<>();
            for (final TopicPartition partition : partitions) {
                final long first = Math.min(start.get(partition), end.get(partition));
                ranges.add(new OffsetRange(partition.partition(), first, end.get(partition)));
                if (first < end.get(partition)) {
                    open.add(partition);
                }
            }
            consumer.assign(open);
            open.forEach(partition -> consumer.seek(partition, start.get(partition)));
            readUntilEnd(consumer, open, end, record -> false, handler, topic);
            return List.copyOf(ranges);
        } catch (KafkaException e) {
            throw new AdminException("cannot read " + topic + ": " + AdminCalls.describe(e), e);
        }
    }

    /**
     * Reads each partition from its start offset up to its end offset (exclusive), or up to the first record that
     * {@code stopAt} accepts, whichever comes first; that record is not handed over.
     *
     * @param start the first offset to read, per partition number
     * @param end   where to stop at the latest, per partition number (a partition missing here is not read)
     * @return per partition number, where the read stopped: the offset of the record {@code stopAt} accepted, else
     *         the end offset
     */
    public Map<Integer, Long> scanUntil(
            final String topic,
            final Map<Integer, Long> start,
            final Map<Integer, Long> end,
            final Predicate<? super ConsumerRecord<byte[], byte[]>> stopAt,
            final Consumer<ConsumerRecord<byte[], byte[]>> handler) {
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerProperties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return scanUntil(consumer, topic, start, end, stopAt, handler);
        } catch (KafkaException e) {
            throw new AdminException("cannot read " + topic + ": " + AdminCalls.describe(e), e);
        }
    }

    /**
     * Per partition, the offset of the first committed record whose timestamp is at or after {@code instant}, or the
     * partition's end (last stable offset) when it has none: where a read "from" the instant starts, as an archive
     * "before" it ends ({@link #atOrAfter}).
     *
     * <p>Kafka's offsetsForTimes alone does not give it: transaction markers occupy offsets and carry the time they
     * were written, which for a backdated import is much later than the events around them, so it can answer with a
     * marker long before the first such event. Every record before its answer is older than the instant, though, so
     * the read for the first such event starts there.
     *
     * @param instant not after 1970-01-01 for the beginning of each partition
     */
    public Map<TopicPartition, Long> firstOffsetsAtOrAfter(final String topic, final Instant instant) {
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerProperties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = partitions(consumer, topic);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            final Map<TopicPartition, Long> found = new TreeMap<>(ApplicationGroup::byTopicAndPartition);
            found.putAll(startOffsets(consumer, topic, partitions, instant, end));
            return found;
        } catch (KafkaException e) {
            throw new AdminException("cannot read " + topic + ": " + AdminCalls.describe(e), e);
        }
    }

    /** Whether a record's timestamp (an event's occurredAt) is at or after the instant. */
    public static Predicate<ConsumerRecord<?, ?>> atOrAfter(final Instant instant) {
        final long millis = instant.toEpochMilli();
        return record -> record.timestamp() >= millis;
    }

    private Map<Integer, Long> scanUntil(
            final KafkaConsumer<byte[], byte[]> consumer,
            final String topic,
            final Map<Integer, Long> start,
            final Map<Integer, Long> end,
            final Predicate<? super ConsumerRecord<byte[], byte[]>> stopAt,
            final Consumer<ConsumerRecord<byte[], byte[]>> handler) {
        final Map<TopicPartition, Long> until = new HashMap<>();
        final Set<TopicPartition> open = new HashSet<>();
        end.forEach((partition, offset) -> {
            final TopicPartition tp = new TopicPartition(topic, partition);
            until.put(tp, offset);
            if (start.get(partition) < offset) {
                open.add(tp);
            }
        });
        consumer.assign(open);
        open.forEach(partition -> consumer.seek(partition, start.get(partition.partition())));
        final Map<TopicPartition, Long> stops = readUntilEnd(consumer, open, until, stopAt, handler, topic);
        final Map<Integer, Long> stopped = new TreeMap<>();
        until.forEach((partition, offset) -> stopped.put(
                partition.partition(),
                stops.getOrDefault(partition, Math.max(offset, start.get(partition.partition())))));
        return stopped;
    }

    /** The number of partitions of a topic, failing clearly when it does not exist. */
    public int partitionCount(final String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerProperties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return partitions(consumer, topic).size();
        } catch (KafkaException e) {
            throw new AdminException("cannot read " + topic + ": " + AdminCalls.describe(e), e);
        }
    }

    private List<TopicPartition> partitions(final KafkaConsumer<?, ?> consumer, final String topic) {
        final List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new TopicNotFoundException(topic);
        }
        return infos.stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition))
                .toList();
    }

    private Map<TopicPartition, Long> startOffsets(
            final KafkaConsumer<byte[], byte[]> consumer,
            final String topic,
            final List<TopicPartition> partitions,
            final Instant from,
            final Map<TopicPartition, Long> end) {
        // records before 1970 carry timestamp 0 (Kafka has no negative timestamps): "from then" is the beginning
        if (from == null || from.toEpochMilli() <= 0) {
            return consumer.beginningOffsets(partitions, timeout);
        }
        final Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, from.toEpochMilli()));
        final Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
        final Map<Integer, Long> lowerBound = new TreeMap<>();
        final Map<Integer, Long> until = new TreeMap<>();
        for (final TopicPartition partition : partitions) {
            final OffsetAndTimestamp hit = found.get(partition);
            // no record at or after the instant: nothing to read in this partition
            lowerBound.put(partition.partition(), hit == null ? end.get(partition) : hit.offset());
            until.put(partition.partition(), end.get(partition));
        }
        // every record before offsetsForTimes' answer is older than the instant, but the answer may be a transaction
        // marker: the first event at or after the instant is found by reading on from there
        final Map<Integer, Long> first = scanUntil(consumer, topic, lowerBound, until, atOrAfter(from), record -> {});
        final Map<TopicPartition, Long> start = new HashMap<>();
        partitions.forEach(
                partition -> start.put(partition, Math.min(first.get(partition.partition()), end.get(partition))));
        return start;
    }

    /** @return the partitions stopped by {@code stopAt}, with the offset of the record that stopped them */
    private Map<TopicPartition, Long> readUntilEnd(
            final KafkaConsumer<byte[], byte[]> consumer,
            final Set<TopicPartition> open,
            final Map<TopicPartition, Long> end,
            final Predicate<? super ConsumerRecord<byte[], byte[]>> stopAt,
            final Consumer<ConsumerRecord<byte[], byte[]>> handler,
            final String topic) {
        final Map<TopicPartition, Long> stopped = new HashMap<>();
        long lastProgress = System.nanoTime();
        while (!open.isEmpty()) {
            final ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
            for (final TopicPartition partition : records.partitions()) {
                final long stop = end.get(partition);
                for (final ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                    if (record.offset() >= stop || stopped.containsKey(partition)) {
                        break;
                    }
                    if (stopAt.test(record)) {
                        stopped.put(partition, record.offset());
                        consumer.pause(List.of(partition));
                        open.remove(partition);
                        break;
                    }
                    handler.accept(record);
                }
            }
            // the position also moves over transaction markers and aborted records, which poll() never returns
            final List<TopicPartition> done = open.stream()
                    .filter(partition -> consumer.position(partition, timeout) >= end.get(partition))
                    .toList();
            if (!done.isEmpty()) {
                consumer.pause(done);
                done.forEach(open::remove);
            }
            if (!records.isEmpty() || !done.isEmpty()) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > timeout.toNanos()) {
                throw new AdminException("reading " + topic + " made no progress for " + timeout.toSeconds()
                        + " s; partitions left: " + open);
            }
        }
        return stopped;
    }
}
