package dev.kes.admin.kafka;

import dev.kes.admin.AdminException;
import dev.kes.service.kafka.ServedTopics;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/** Topic look-ups and deletion through the Admin API, bounded by the tool's timeout. */
public final class Topics {
    private final Admin admin;
    private final Duration timeout;

    public Topics(final Admin admin, final Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** Every topic name, internal Kafka topics left out. */
    public Set<String> names() {
        return AdminCalls.await(
                admin.listTopics(new ListTopicsOptions().listInternal(false)).names(), timeout, "listing topics");
    }

    public List<TopicPartition> partitions(final String topic) {
        if (!names().contains(topic)) {
            throw new TopicNotFoundException(topic);
        }
        final TopicDescription description = AdminCalls.await(
                admin.describeTopics(List.of(topic)).topicNameValues().get(topic), timeout, "describing " + topic);
        return description.partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
    }

    /**
     * Offsets of each partition for a spec, as a read_committed consumer sees them (latest = the last stable
     * offset). A timestamp with no record at or after it gives the latest offset: nothing to read there yet.
     */
    public Map<TopicPartition, Long> offsets(final Collection<TopicPartition> partitions, final OffsetSpec spec) {
        final ListOffsetsOptions committed = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        final Map<TopicPartition, OffsetSpec> query = new TreeMap<>(ApplicationGroup::byTopicAndPartition);
        partitions.forEach(partition -> query.put(partition, spec));
        final Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> found =
                AdminCalls.await(admin.listOffsets(query, committed).all(), timeout, "listing offsets");
        final Map<TopicPartition, Long> offsets = new TreeMap<>(ApplicationGroup::byTopicAndPartition);
        final Map<TopicPartition, OffsetSpec> missing = new TreeMap<>(ApplicationGroup::byTopicAndPartition);
        found.forEach((partition, info) -> {
            if (info.offset() >= 0) {
                offsets.put(partition, info.offset());
            } else {
                missing.put(partition, OffsetSpec.latest());
            }
        });
        if (!missing.isEmpty()) {
            AdminCalls.await(admin.listOffsets(missing, committed).all(), timeout, "listing offsets")
                    .forEach((partition, info) -> offsets.put(partition, info.offset()));
        }
        return offsets;
    }

    /** {@link ServedTopics#await} for a topic just created, its failures as the tool reports them. */
    public void awaitServed(final String topic) {
        try {
            ServedTopics.await(admin, List.of(topic), timeout);
        } catch (ExecutionException e) {
            throw new AdminException(
                    "topic " + topic + " is not served: " + AdminCalls.describe(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new AdminException("topic " + topic + " is not served after " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException("interrupted while waiting for topic " + topic + " to be served", e);
        }
    }

    /**
     * Deletes the topics and waits until they are gone: Kafka deletes asynchronously, and an application started
     * while its internal topic is still being deleted cannot recreate it.
     */
    public void deleteAndWait(final Collection<String> topics) {
        if (topics.isEmpty()) {
            return;
        }
        AdminCalls.await(admin.deleteTopics(topics).all(), timeout, "deleting topics " + topics);
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            final Set<String> left = new HashSet<>(topics);
            left.retainAll(names());
            if (left.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AdminException("topics " + left + " are still being deleted after " + timeout.toSeconds()
                        + " s; wait until they are gone before starting the application");
            }
            pause("waiting for topics " + left + " to be deleted");
        }
    }

    private static void pause(final String what) {
        try {
            Thread.sleep(100); // polling is all the Admin API offers here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException("interrupted while " + what, e);
        }
    }
}
