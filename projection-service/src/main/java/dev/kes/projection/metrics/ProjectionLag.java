package dev.kes.projection.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kes_projection_lag_records{partition}}: per partition of the events topic, the records between the
 * projection's committed offset (its consumer group, the {@code application.id}) and the end of the partition.
 *
 * <p>Read from the brokers with the Admin API each time {@code /metrics} is scraped, not from this instance's
 * consumer: every instance reports every partition, including one that no instance processes right now (during a
 * rebalance, or when every instance is stuck), which is exactly when the lag matters. The committed offset trails
 * what is applied by at most the commit interval (1 s). A partition without a committed offset counts from its
 * earliest offset, where the projection starts. When the brokers do not answer in time the series is left out of
 * that scrape rather than reporting a stale value.
 */
public final class ProjectionLag {
    public static final String LAG = "kes_projection_lag";
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionLag.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Admin admin;
    private final String groupId;
    private final String topic;
    private final MultiGauge gauge;

    public ProjectionLag(final Admin admin, final String groupId, final String topic, final MeterRegistry registry) {
        this.admin = admin;
        this.groupId = groupId;
        this.topic = topic;
        this.gauge = MultiGauge.builder(LAG)
                .baseUnit("records")
                .description("Records of the events topic not yet committed by the projection, per partition")
                .register(registry);
    }

    /** Reads the offsets again; called right before a scrape. */
    public synchronized void refresh() {
        try {
            final Map<TopicPartition, Long> lag = lag();
            gauge.register(
                    lag.entrySet().stream()
                            .map(entry -> MultiGauge.Row.of(
                                    Tags.of(
                                            "partition",
                                            String.valueOf(entry.getKey().partition())),
                                    entry.getValue()))
                            .toList(),
                    true);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debug("projection lag not available: {}", e.toString());
            gauge.register(List.of(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The lag of every partition of the events topic now, read from the brokers (each call asks them again). */
    public Map<TopicPartition, Long> lag() throws ExecutionException, InterruptedException, TimeoutException {
        final List<TopicPartition> partitions = admin
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .get(topic)
                .partitions()
                .stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        final Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
        final Map<TopicPartition, Long> start = offsets(partitions, OffsetSpec.earliest());
        final Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return partitions.stream().collect(Collectors.toMap(Function.identity(), partition -> {
            final OffsetAndMetadata done = committed.get(partition);
            final long from = done == null ? start.get(partition) : done.offset();
            return Math.max(0L, end.get(partition) - from);
        }));
    }

    private Map<TopicPartition, Long> offsets(final List<TopicPartition> partitions, final OffsetSpec spec)
            throws ExecutionException, InterruptedException, TimeoutException {
        final Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> infos = admin.listOffsets(
                        partitions.stream().collect(Collectors.toMap(Function.identity(), partition -> spec)))
                .all()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return infos.entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey, entry -> entry.getValue().offset()));
    }
}
