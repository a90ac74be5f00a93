package dev.kes.service.kafka;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When {@code acks=all} means an acknowledged record survives the loss of a broker: the topic has at least
 * {@value #REPLICATION_FACTOR} replicas and {@code min.insync.replicas} of at least {@value #MIN_INSYNC_REPLICAS}.
 * With fewer in-sync replicas required, the leader may acknowledge alone and take the record with it when it dies.
 */
public final class Durability {
    public static final int REPLICATION_FACTOR = 3;
    public static final int MIN_INSYNC_REPLICAS = 2;
    private static final Logger LOG = LoggerFactory.getLogger(Durability.class);
    private static final long TIMEOUT_SECONDS = 60;

    private Durability() {}

    /**
     * The {@code min.insync.replicas} config of a topic created with {@code replicationFactor} replicas: set when
     * the topic can still take writes with one replica down; empty for the broker's default otherwise (and for
     * {@code replicationFactor} -1, where the broker chooses the replicas too).
     */
    public static Map<String, String> topicConfigs(final short replicationFactor, final int minInsyncReplicas) {
        return replicationFactor > minInsyncReplicas
                ? Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(minInsyncReplicas))
                : Map.of();
    }

    /** The same for the topics Kafka Streams creates (changelogs, repartition topics): {@code topic.}-prefixed. */
    public static Map<String, Object> streamsInternalTopics(
            final short replicationFactor, final int minInsyncReplicas) {
        return replicationFactor > minInsyncReplicas
                ? Map.of(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), minInsyncReplicas)
                : Map.of();
    }

    /**
     * Logs one WARN line when an acknowledged record of {@code topic} (existing or just created) may be lost with
     * one broker; says nothing when the topic cannot be described (the service's own start reports that).
     */
    public static void warnIfNotDurable(final Admin admin, final String topic) {
        describe(admin, topic).ifPresent(LOG::warn);
    }

    /** Why {@code topic} is not durable, or empty when it is (or cannot be told). */
    static Optional<String> describe(final Admin admin, final String topic) {
        try {
            final TopicDescription description = admin.describeTopics(Set.of(topic))
                    .allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(topic);
            final int replicas = description.partitions().stream()
                    .mapToInt(partition -> partition.replicas().size())
                    .min()
                    .orElse(0);
            final ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            final Config config = admin.describeConfigs(List.of(resource))
                    .all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(resource);
            final ConfigEntry entry = config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
            final int minInsync = entry == null || entry.value() == null ? 1 : Integer.parseInt(entry.value());
            return problem(topic, replicas, minInsync);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debug("cannot tell whether topic {} is durable", topic, e);
            return Optional.empty();
        }
    }

    static Optional<String> problem(final String topic, final int replicas, final int minInsyncReplicas) {
        if (replicas >= REPLICATION_FACTOR && minInsyncReplicas >= MIN_INSYNC_REPLICAS) {
            return Optional.empty();
        }
        return Optional.of("topic '" + topic + "' has replication factor " + replicas + " and min.insync.replicas "
                + minInsyncReplicas + ": an acknowledged (acks=all) event can be lost with one broker; durable needs"
                + " replication factor >= " + REPLICATION_FACTOR + " and min.insync.replicas >= "
                + MIN_INSYNC_REPLICAS + " (KES_TOPIC_REPLICATION_FACTOR, KES_TOPIC_MIN_INSYNC_REPLICAS;"
                + " README \"Durability\")");
    }
}
