package dev.kes.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Watches a Streams app catch up with a fully loaded topic through its consumer group's committed offsets
 * (group = application.id), read from the broker every {@value #POLL_MS} ms: done when every partition's committed
 * offset has reached the end offset the topic had when the watch began. Kafka's own notion of "done", and what the
 * service's lag metric reports; nothing in the app has to cooperate. An at-least-once app commits after processing,
 * every commit.interval.ms (the projection: 1 s), so the moment seen here trails the last processed record by at
 * most one commit interval plus one poll.
 */
final class CatchUpWatcher {
    static final long POLL_MS = 50;
    private static final long ADMIN_TIMEOUT_SECONDS = 30;
    private static final long STALL_NANOS = Duration.ofSeconds(60).toNanos();

    private CatchUpWatcher() {}

    /**
     * All times {@link System#nanoTime()}.
     *
     * @param firstNanos        the first poll that found any offset committed
     * @param committedAtFirst  records committed by then (all partitions)
     * @param lastNanos         the poll that found every partition at its end
     */
    record Seen(long records, long firstNanos, long committedAtFirst, long lastNanos) {}

    /** The current end offset of every partition of {@code topic}. */
    static Map<TopicPartition, Long> endOffsets(final Admin admin, final String topic) {
        try {
            final Map<TopicPartition, OffsetSpec> latest = admin
                    .describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .stream()
                    .collect(Collectors.toMap(
                            info -> new TopicPartition(topic, info.partition()), info -> OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS).entrySet().stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, entry -> entry.getValue().offset()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the end offsets of " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic + ": " + e.getMessage(), e);
        }
    }

    /** Reads how far a reader has durably got, per partition. */
    @FunctionalInterface
    interface Progress {
        Map<TopicPartition, Long> read() throws InterruptedException;
    }

    /**
     * Polls until group {@code groupId} has committed {@code end} on every partition.
     *
     * @param check run after every poll; throws to give up (the app failed)
     */
    static Seen await(
            final Admin admin, final String groupId, final Map<TopicPartition, Long> end, final Runnable check)
            throws InterruptedException {
        return await(end, () -> committed(admin, groupId), check, "group " + groupId + " committed", "records");
    }

    /**
     * Polls {@code progress} until it has reached {@code end} on every partition; gives up when it stalls for 60 s.
     *
     * @param check run after every poll; throws to give up (the reader failed)
     * @param who   the reader and its verb, for the stall's message ("group g committed")
     * @param what  what the offsets count, for the stall's message
     */
    static Seen await(
            final Map<TopicPartition, Long> end,
            final Progress progress,
            final Runnable check,
            final String who,
            final String what)
            throws InterruptedException {
        final long total = end.values().stream().mapToLong(Long::longValue).sum();
        long first = 0;
        long atFirst = 0;
        long lastSum = -1;
        long lastProgress = System.nanoTime();
        while (true) {
            final Map<TopicPartition, Long> committed = progress.read();
            final long now = System.nanoTime();
            check.run();
            final long sum = end.keySet().stream()
                    .mapToLong(partition -> committed.getOrDefault(partition, 0L))
                    .sum();
            if (first == 0 && sum > 0) {
                first = now;
                atFirst = sum;
            }
            if (end.entrySet().stream().allMatch(e -> committed.getOrDefault(e.getKey(), 0L) >= e.getValue())) {
                return new Seen(total, first, atFirst, now);
            }
            if (sum != lastSum) {
                lastSum = sum;
                lastProgress = now;
            } else if (now - lastProgress > STALL_NANOS) {
                throw new IllegalStateException(who + " nothing new for 60 s: " + sum + " of " + total + " " + what);
            }
            Thread.sleep(POLL_MS);
        }
    }

    static Map<TopicPartition, Long> committed(final Admin admin, final String groupId) throws InterruptedException {
        try {
            final Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata()
                    .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return offsets.entrySet().stream()
                    .filter(entry -> entry.getValue() != null)
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, entry -> entry.getValue().offset(), (a, b) -> a, HashMap::new));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot read the committed offsets of " + groupId + ": " + e.getMessage(), e);
        }
    }
}
