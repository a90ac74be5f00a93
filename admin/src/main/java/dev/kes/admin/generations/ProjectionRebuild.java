package dev.kes.admin.generations;

import dev.kes.admin.RefusedException;
import dev.kes.admin.kafka.AdminCalls;
import dev.kes.admin.kafka.ApplicationGroup;
import dev.kes.admin.kafka.InternalTopics;
import dev.kes.admin.kafka.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The safety checks and changes of a rebuild beside the running projection (docs/adr/0014-projection-generations.md):
 * a generation is the application id {@code <base>-<generation>}; each step refuses, changing nothing, when it is not
 * safe yet. Starting the new generation's group is {@code ProjectionReplay}'s (or {@code ArchiveReplay}'s) work,
 * after {@link #requireUnused}.
 */
public final class ProjectionRebuild {
    private final Admin admin;
    private final Duration timeout;
    private final Topics topics;
    private final ActiveGenerations generations;

    public ProjectionRebuild(final Admin admin, final Duration timeout, final ActiveGenerations generations) {
        this.admin = admin;
        this.timeout = timeout;
        this.topics = new Topics(admin, timeout);
        this.generations = generations;
    }

    /** Where the active generation of each projection is read and recorded. */
    public ActiveGenerations generations() {
        return generations;
    }

    /** The application id of a generation of projection {@code base}; no generation: the base id itself. */
    public static String applicationId(final String base, final String generation) {
        return generation == null || generation.isEmpty() ? base : base + "-" + generation;
    }

    /**
     * @throws RefusedException when {@code applicationId} is the active generation of {@code base}, or has a group,
     *                          committed offsets or internal topics: a new generation must start from nothing
     */
    public void requireUnused(final String base, final String applicationId, final String eventsTopic) {
        if (applicationId.equals(generations.active(base))) {
            throw new RefusedException("refusing to start " + applicationId + ": it is the active generation of "
                    + base + " (" + generations.topic() + "). A rebuild starts a NEW generation beside it: pick "
                    + "another --generation.");
        }
        final ApplicationGroup.Status group = new ApplicationGroup(admin, applicationId, timeout).status();
        final List<String> internal = internalTopics(applicationId, eventsTopic);
        if (group.protocol() != ApplicationGroup.Protocol.NONE || !internal.isEmpty()) {
            throw new RefusedException("refusing to start " + applicationId + ": the application id is in use ("
                    + (group.protocol() == ApplicationGroup.Protocol.NONE
                            ? ""
                            : "consumer group " + applicationId + " with "
                                    + group.members().size() + " member(s)" + (internal.isEmpty() ? "" : ", "))
                    + (internal.isEmpty() ? "" : "internal topics " + internal) + "), so old state would mix into "
                    + "the rebuild. Pick another --generation, or remove that one first with es-admin projection "
                    + "rebuild cleanup.");
        }
    }

    /** The generation's progress, read from the brokers. */
    public GenerationProgress progress(final String applicationId, final String eventsTopic) {
        final ApplicationGroup group = new ApplicationGroup(admin, applicationId, timeout);
        final ApplicationGroup.Status status = group.status();
        final List<TopicPartition> partitions = topics.partitions(eventsTopic);
        final Map<TopicPartition, Long> start = topics.offsets(partitions, OffsetSpec.earliest());
        final Map<TopicPartition, Long> end = topics.offsets(partitions, OffsetSpec.latest());
        final Map<TopicPartition, Long> committed = new TreeMap<>(ApplicationGroup::byTopicAndPartition);
        final Map<TopicPartition, Long> lag = new TreeMap<>(ApplicationGroup::byTopicAndPartition);
        final Map<TopicPartition, Long> all =
                status.protocol() == ApplicationGroup.Protocol.NONE ? Map.of() : group.committedOffsets();
        for (final TopicPartition partition : partitions) {
            final Long done = all.get(partition);
            if (done != null) {
                committed.put(partition, done);
            }
            lag.put(partition, Math.max(0L, end.get(partition) - (done == null ? start.get(partition) : done)));
        }
        final Map<TopicPartition, Long> ends = new TreeMap<>(ApplicationGroup::byTopicAndPartition);
        ends.putAll(end);
        return new GenerationProgress(applicationId, status, committed, ends, lag);
    }

    /**
     * Records {@code applicationId} as the active generation of {@code base}.
     *
     * @throws RefusedException when it is active already, has never started, lags by more than {@code maxLag}
     *                          records, or runs no instance
     */
    public GenerationProgress cutover(
            final String base,
            final String applicationId,
            final String eventsTopic,
            final long maxLag,
            final short replicationFactor) {
        final String active = generations.active(base);
        if (applicationId.equals(active)) {
            throw new RefusedException("refusing to cut over to " + applicationId + ": it is already the active "
                    + "generation of " + base + ".");
        }
        final GenerationProgress progress = progress(applicationId, eventsTopic);
        if (progress.group().protocol() == ApplicationGroup.Protocol.NONE) {
            throw new RefusedException("refusing to cut over to " + applicationId + ": it has never run (no consumer "
                    + "group " + applicationId + "). Start it with es-admin projection rebuild start, then start its "
                    + "instances.");
        }
        if (progress.totalLag() > maxLag) {
            throw new RefusedException("refusing to cut over to " + applicationId + ": it is still rebuilding, lag "
                    + progress.totalLag() + " > " + maxLag + " records. Watch it with es-admin projection rebuild "
                    + "status and run this again once it has caught up.");
        }
        if (!progress.group().isRunning()) {
            throw new RefusedException("refusing to cut over to " + applicationId + ": no instance of it runs (its "
                    + "consumer group has no member), so traffic moved to it would find nobody. Start its instances "
                    + "(projection.generation) and run this again.");
        }
        generations.record(base, applicationId, replicationFactor);
        return progress;
    }

    /**
     * What a cleanup of {@code applicationId} deletes: its group (when there is one) and internal topics.
     *
     * @throws RefusedException when it is the active generation, while an instance of it runs, and when nothing of
     *                          it exists (most likely a mistyped generation)
     */
    public Cleanup cleanup(final String base, final String applicationId, final String eventsTopic) {
        final String active = generations.active(base);
        if (applicationId.equals(active)) {
            throw new RefusedException("refusing to clean up " + applicationId + ": it is the active generation of "
                    + base + " (" + generations.topic() + "), serving the queries. Cut over to another generation "
                    + "first (es-admin projection rebuild cutover).");
        }
        final ApplicationGroup.Status status =
                new ApplicationGroup(admin, applicationId, timeout).requireStopped("clean up");
        final List<String> internal = internalTopics(applicationId, eventsTopic);
        final boolean group = status.protocol() != ApplicationGroup.Protocol.NONE;
        if (!group && internal.isEmpty()) {
            throw new RefusedException("refusing to clean up " + applicationId + ": it has no consumer group and no "
                    + "internal topics. Is --generation right? The active generation of " + base + " is " + active
                    + ".");
        }
        return new Cleanup(applicationId, group, internal);
    }

    /** Deletes what the cleanup names, then waits until its topics are gone. */
    public void apply(final Cleanup cleanup) {
        if (cleanup.group()) {
            AdminCalls.await(
                    admin.deleteConsumerGroups(List.of(cleanup.applicationId())).all(),
                    timeout,
                    "deleting consumer group " + cleanup.applicationId());
        }
        topics.deleteAndWait(cleanup.internalTopics());
    }

    /** @param group whether the generation has a consumer group to delete */
    public record Cleanup(String applicationId, boolean group, List<String> internalTopics) {}

    /** The application's internal topics, without those of another application whose id extends it. */
    private List<String> internalTopics(final String applicationId, final String eventsTopic) {
        final Set<String> others = ApplicationGroup.allGroupIds(admin, timeout);
        others.remove(applicationId);
        return InternalTopics.of(applicationId, topics.names(), Set.of(eventsTopic), others);
    }
}
