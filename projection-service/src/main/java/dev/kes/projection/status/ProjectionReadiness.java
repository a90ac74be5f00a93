package dev.kes.projection.status;

import dev.kes.projection.topology.ProjectionMetrics;
import dev.kes.service.http.Readiness;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Readiness of a projection instance: its Streams client RUNNING, none of its stores restoring, and the lag of the
 * partitions it is active for, summed, at most {@code maxLag} records. The lag is the last {@link LagWatch} reading
 * (committed offsets, so it trails what is applied by up to the commit interval); an instance that cannot tell its
 * lag is not ready. The same figures make up {@code GET /projection/status}. Queries are answered while not ready
 * too (from copies that may trail, see AccountRouting); readiness tells a load balancer which instances to prefer.
 */
public final class ProjectionReadiness implements Readiness {
    static final String ACTIVE = "active";
    static final String STANDBY = "standby";
    static final String NONE = "none";

    private final String applicationId;
    private final String eventsTopic;
    private final long maxLag;
    private final LagWatch lag;
    private final RestoringStores restoring;
    private final MeterRegistry registry;
    private volatile KafkaStreams streams;
    private volatile HostInfo self;

    public ProjectionReadiness(
            final String applicationId,
            final String eventsTopic,
            final long maxLag,
            final LagWatch lag,
            final RestoringStores restoring,
            final MeterRegistry registry) {
        this.applicationId = applicationId;
        this.eventsTopic = eventsTopic;
        this.maxLag = maxLag;
        this.lag = lag;
        this.restoring = restoring;
        this.registry = registry;
    }

    /** The Streams client (created, with {@link #restoring} as its restore listener) and the host it advertises. */
    public void attach(final KafkaStreams streams, final HostInfo self) {
        this.self = self;
        this.streams = streams;
    }

    @Override
    public String notReadyReason() {
        return evaluate(lag.last(), restoring.now(), roles());
    }

    public ProjectionStatus status() {
        final LagWatch.Reading reading = lag.last();
        final List<RestoringStores.Restore> restores = restoring.now();
        final Map<Integer, String> roles = roles();
        final String reason = evaluate(reading, restores, roles);
        final Set<Integer> partitions = new TreeSet<>(roles.keySet());
        if (reading.lag() != null) {
            partitions.addAll(reading.lag().keySet());
        }
        restores.forEach(r -> partitions.add(r.changelog().partition()));
        final List<ProjectionStatus.PartitionStatus> rows = new ArrayList<>();
        for (final int partition : partitions) {
            final List<RestoringStores.Restore> mine = restores.stream()
                    .filter(r -> r.changelog().partition() == partition)
                    .toList();
            final boolean restoringHere = !mine.isEmpty();
            rows.add(new ProjectionStatus.PartitionStatus(
                    partition,
                    // a task restoring is active here, though the assignment metadata may not show it yet
                    restoringHere ? ACTIVE : roles.getOrDefault(partition, NONE),
                    reading.lag() == null ? null : reading.lag().get(partition),
                    restoringHere,
                    restoringHere
                            ? mine.stream()
                                    .mapToLong(RestoringStores.Restore::restored)
                                    .sum()
                            : null,
                    restoringHere
                            ? mine.stream()
                                    .mapToLong(RestoringStores.Restore::total)
                                    .sum()
                            : null));
        }
        final KafkaStreams current = streams;
        return new ProjectionStatus(
                applicationId,
                current == null ? "STARTING" : current.state().name(),
                reason == null,
                reason,
                maxLag,
                reading.lag() == null ? null : activeLag(reading.lag(), roles),
                rows,
                applied());
    }

    private String evaluate(
            final LagWatch.Reading reading,
            final List<RestoringStores.Restore> restores,
            final Map<Integer, String> roles) {
        final KafkaStreams current = streams;
        if (current == null) {
            return "starting";
        }
        if (!restores.isEmpty()) {
            final RestoringStores.Restore first = restores.get(0);
            return "restoring " + first.changelog().topic() + " partition "
                    + first.changelog().partition() + " ("
                    + first.restored() + " of " + first.total() + " records)"
                    + (restores.size() > 1 ? " and " + (restores.size() - 1) + " more store partitions" : "");
        }
        if (current.state() != KafkaStreams.State.RUNNING) {
            return "streams " + current.state();
        }
        if (reading.lag() == null) {
            return "lag unknown: " + reading.failure();
        }
        final long behind = activeLag(reading.lag(), roles);
        return behind > maxLag ? "lag " + behind + " > " + maxLag + " records" : null;
    }

    private static long activeLag(final Map<Integer, Long> lag, final Map<Integer, String> roles) {
        return roles.entrySet().stream()
                .filter(e -> e.getValue().equals(ACTIVE))
                .mapToLong(e -> lag.getOrDefault(e.getKey(), 0L))
                .sum();
    }

    /** This instance's role for each partition of the events topic it holds, from the current assignment. */
    private Map<Integer, String> roles() {
        final KafkaStreams current = streams;
        final Map<Integer, String> roles = new TreeMap<>();
        if (current == null) {
            return roles;
        }
        final Collection<StreamsMetadata> clients;
        try {
            clients = current.metadataForAllStreamsClients();
        } catch (IllegalStateException | InvalidStateStoreException e) {
            return roles; // not started, or stopping: it holds nothing
        }
        for (final StreamsMetadata client : clients) {
            if (!client.hostInfo().equals(self)) {
                continue;
            }
            client.standbyTopicPartitions().stream()
                    .filter(tp -> tp.topic().equals(eventsTopic))
                    .forEach(tp -> roles.put(tp.partition(), STANDBY));
            client.topicPartitions().stream()
                    .filter(tp -> tp.topic().equals(eventsTopic))
                    .map(TopicPartition::partition)
                    .forEach(partition -> roles.put(partition, ACTIVE));
        }
        return roles;
    }

    /** The counts behind {@code kes_projection_events_applied_total}, by read model. */
    private Map<String, Long> applied() {
        final Map<String, Long> applied = new TreeMap<>();
        for (final Counter counter : registry.find(ProjectionMetrics.APPLIED).counters()) {
            final String view = counter.getId().getTag(ProjectionMetrics.VIEW);
            if (view != null) {
                applied.merge(view, (long) counter.count(), Long::sum);
            }
        }
        return applied;
    }
}
