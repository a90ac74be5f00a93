package dev.kes.bench;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

/** A topic's bytes on disk, as the brokers report them (all replicas: one on the embedded broker). */
final class TopicSize {
    private static final long TIMEOUT_SECONDS = 60;

    private TopicSize() {}

    static long bytes(final Admin admin, final String topic) {
        try {
            final Collection<Node> nodes = admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            final Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(
                            nodes.stream().map(Node::id).toList())
                    .allDescriptions()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            long bytes = 0;
            for (final Map<String, LogDirDescription> ofBroker : dirs.values()) {
                for (final LogDirDescription dir : ofBroker.values()) {
                    for (final Map.Entry<TopicPartition, ReplicaInfo> replica :
                            dir.replicaInfos().entrySet()) {
                        if (replica.getKey().topic().equals(topic)) {
                            bytes += replica.getValue().size();
                        }
                    }
                }
            }
            return bytes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sizing " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot size " + topic + ": " + e.getMessage(), e);
        }
    }
}
