package dev.kes.service.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Waits until the leader of every partition of topics just created serves it. An idempotent producer writing before
 * then can have its first batch answered NOT_LEADER while later ones are appended, and the retry of the first is then
 * refused as out of sequence for good.
 */
public final class ServedTopics {
    private ServedTopics() {}

    /**
     * Returns once a ListOffsets for every partition of the {@code topics} is answered by its leader. A topic the
     * broker asked does not know yet, or a leader not ready, is asked again until {@code timeout} has passed; each
     * call is bounded by {@code timeout} as well.
     */
    public static void await(final Admin admin, final Collection<String> topics, final Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (topics.isEmpty()) {
            return;
        }
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                admin.listOffsets(latestOfEachPartition(admin, topics, timeout))
                        .all()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(50); // the Admin API has no "wait until served"; polling is what it offers
        }
    }

    private static Map<TopicPartition, OffsetSpec> latestOfEachPartition(
            final Admin admin, final Collection<String> topics, final Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        final Map<String, TopicDescription> described =
                admin.describeTopics(topics).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        described
                .values()
                .forEach(topic -> topic.partitions()
                        .forEach(partition -> latest.put(
                                new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest())));
        return latest;
    }
}
