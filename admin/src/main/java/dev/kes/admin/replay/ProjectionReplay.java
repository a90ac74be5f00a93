package dev.kes.admin.replay;

import dev.kes.admin.RefusedException;
import dev.kes.admin.kafka.ApplicationGroup;
import dev.kes.admin.kafka.InternalTopics;
import dev.kes.admin.kafka.TopicScan;
import dev.kes.admin.kafka.Topics;
import dev.kes.admin.snapshots.SnapshotChangelog;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Makes a projection (a Kafka Streams application reading account-events) start over, with the Admin API.
 *
 * <p>{@link #fromBeginning}: what Kafka's StreamsResetter does for an input topic: with every instance stopped,
 * commit the earliest offsets of the source topic for the application's group, and delete the application's internal
 * topics (store changelogs, repartition topics), which Kafka Streams then recreates empty. Topics named like its
 * internal topics but belonging to another application whose id extends this one ({@code kes-projection-v2} for
 * {@code kes-projection}: Kafka's reset tool would delete those) are kept. The instances' local
 * state must go too (see the README): stores restored from old local state would skip every event as applied.
 *
 * <p>{@link #fromInstant}: a NEW application id committed at the first offset at or after an instant in every
 * partition, so that it starts there instead of at the beginning.
 *
 * <p>Plans are computed (and every safety check made) before anything changes; {@link #apply} changes it.
 */
public final class ProjectionReplay {
    /** How many of the cluster's groups a refusal for a missing group lists. */
    private static final int MAX_GROUPS_NAMED = 10;

    private final Map<String, ?> kafka;
    private final Admin admin;
    private final Duration timeout;
    private final Topics topics;

    /** @param kafka client properties, for the consumer that finds where a start {@link #fromInstant at an instant} is */
    public ProjectionReplay(final Map<String, ?> kafka, final Admin admin, final Duration timeout) {
        this.kafka = kafka;
        this.admin = admin;
        this.timeout = timeout;
        this.topics = new Topics(admin, timeout);
    }

    /** As {@link #fromBeginning(String, String, boolean)} for an application that has run: its group exists. */
    public ReplayPlan fromBeginning(final String applicationId, final String eventsTopic) {
        return fromBeginning(applicationId, eventsTopic, false);
    }

    /**
     * @param newApplication the application id may be new (no consumer group yet); otherwise a missing group, most
     *                       likely a mistyped id, is refused
     * @throws RefusedException when the application runs, is a command service, uses the streams rebalance protocol,
     *                          or reads other topics than the events topic (they would not be rewound); when it has
     *                          no group and {@code newApplication} is false; when the topic's log starts above
     *                          offset 0 (archived events: only a replay with the archive may rebuild from it)
     */
    public ReplayPlan fromBeginning(
            final String applicationId, final String eventsTopic, final boolean newApplication) {
        final ReplayPlan plan = resetToLogStart(applicationId, eventsTopic, newApplication);
        refuseTruncated(applicationId, eventsTopic, plan.offsets());
        return plan;
    }

    /**
     * The reset of {@link #fromBeginning} without its refusal of a truncated topic: for a replay that supplies the
     * events below the log start itself ({@code ArchiveReplay}).
     */
    public ReplayPlan resetToLogStart(
            final String applicationId, final String eventsTopic, final boolean newApplication) {
        final ApplicationGroup group = new ApplicationGroup(admin, applicationId, timeout);
        final ApplicationGroup.Status status = group.requireStopped("replay");
        if (status.protocol() == ApplicationGroup.Protocol.NONE && !newApplication) {
            final Set<String> groups = ApplicationGroup.allGroupIds(admin, timeout);
            // the likeliest meant ones first: a typo usually keeps the start of the id
            final List<String> closest = groups.stream()
                    .sorted(Comparator.comparingInt((String id) -> -commonPrefix(id, applicationId))
                            .thenComparing(Comparator.naturalOrder()))
                    .limit(MAX_GROUPS_NAMED)
                    .toList();
            throw new RefusedException("refusing to replay " + applicationId + ": there is no consumer group "
                    + applicationId + ", so nothing has run under that application id. Is --application-id right? "
                    + (groups.isEmpty()
                            ? "The cluster has no groups. "
                            : "Groups on the cluster: " + String.join(", ", closest)
                                    + (groups.size() > closest.size() ? ", …" : "") + ". ")
                    + "To start " + applicationId + " as a new application, add --new.");
        }
        if (status.protocol() == ApplicationGroup.Protocol.STREAMS) {
            throw new RefusedException("refusing to replay " + applicationId + ": it uses the streams rebalance "
                    + "protocol (group.protocol=streams), whose offsets this tool does not reset yet; use "
                    + "kafka-streams-application-reset.sh for it");
        }
        final Set<String> names = topics.names();
        final List<TopicPartition> partitions = topics.partitions(eventsTopic);
        refuseCommandService(applicationId, names);
        final Map<TopicPartition, Long> committed = group.committedOffsets();
        final Set<String> otherSources = committed.keySet().stream()
                .map(TopicPartition::topic)
                .filter(topic -> !topic.equals(eventsTopic) && !InternalTopics.isInternal(applicationId, topic))
                .collect(Collectors.toCollection(TreeSet::new));
        if (!otherSources.isEmpty()) {
            throw new RefusedException("refusing to replay " + applicationId + ": it also reads " + otherSources
                    + ", which a replay from " + eventsTopic + " would not rewind. Is --application-id a projection of "
                    + eventsTopic + ", and --events-topic right?");
        }
        final Set<String> otherApplications = ApplicationGroup.allGroupIds(admin, timeout);
        otherApplications.remove(applicationId);
        final List<String> internal = InternalTopics.of(applicationId, names, Set.of(eventsTopic), otherApplications);
        final List<String> kept = InternalTopics.of(applicationId, names, Set.of(eventsTopic), List.of()).stream()
                .filter(topic -> !internal.contains(topic))
                .toList();
        return new ReplayPlan(
                applicationId,
                onTopic(committed, eventsTopic),
                topics.offsets(partitions, OffsetSpec.earliest()),
                internal,
                kept);
    }

    /**
     * A topic whose log starts above offset 0 lost its first events to an archive run (or a deletion): a projection
     * rebuilt from it alone would silently lack them, so only a replay from archive + topic may rebuild it.
     */
    private static void refuseTruncated(
            final String applicationId, final String eventsTopic, final Map<TopicPartition, Long> logStart) {
        final List<String> truncated = logStart.entrySet().stream()
                .filter(start -> start.getValue() > 0)
                .sorted(Map.Entry.comparingByKey(Comparator.comparingInt(TopicPartition::partition)))
                .map(start -> "partition " + start.getKey().partition() + " at " + start.getValue())
                .toList();
        if (!truncated.isEmpty()) {
            throw new RefusedException("refusing to replay " + applicationId + " from the beginning of " + eventsTopic
                    + ": its log start offset is above 0 (" + String.join(", ", truncated) + "), so its earlier "
                    + "events were archived (es-admin archive) or deleted, and a projection rebuilt from the topic "
                    + "alone would lack them. Pass --archive DIR, the archive of " + eventsTopic + ".");
        }
    }

    /**
     * @param from the instant to start at: per partition, the first committed event whose timestamp is at or after it
     *             ({@link TopicScan#firstOffsetsAtOrAfter}), or the end where there is none
     * @throws RefusedException when the application id is not new: it has committed offsets or internal topics
     */
    public ReplayPlan fromInstant(final String applicationId, final String eventsTopic, final Instant from) {
        final ApplicationGroup group = new ApplicationGroup(admin, applicationId, timeout);
        group.requireStopped("set the start of");
        final Set<String> names = topics.names();
        topics.partitions(eventsTopic); // fails when the topic does not exist
        refuseCommandService(applicationId, names);
        final Map<TopicPartition, Long> committed = group.committedOffsets();
        final Set<String> otherApplications = ApplicationGroup.allGroupIds(admin, timeout);
        otherApplications.remove(applicationId);
        final List<String> internal = InternalTopics.of(applicationId, names, Set.of(eventsTopic), otherApplications);
        if (!committed.isEmpty() || !internal.isEmpty()) {
            throw new RefusedException("refusing to start " + applicationId + " at " + from + ": it is not a new "
                    + "application id ("
                    + (committed.isEmpty()
                            ? ""
                            : "committed offsets on "
                                    + committed.keySet().stream()
                                            .map(TopicPartition::topic)
                                            .distinct()
                                            .sorted()
                                            .toList()
                                    + " ")
                    + (internal.isEmpty() ? "" : "internal topics " + internal) + "). --from starts a NEW "
                    + "application id at an instant, so that no old state mixes in; to rebuild " + applicationId
                    + " from the beginning, run replay without --from.");
        }
        return new ReplayPlan(
                applicationId,
                Map.of(),
                new TopicScan(kafka, timeout).firstOffsetsAtOrAfter(eventsTopic, from),
                List.of(),
                List.of());
    }

    /** Commits the plan's offsets, then deletes its internal topics and waits until they are gone. */
    public void apply(final ReplayPlan plan) {
        new ApplicationGroup(admin, plan.applicationId(), timeout).commit(plan.offsets());
        topics.deleteAndWait(plan.internalTopics());
    }

    /**
     * The command service is a Kafka Streams application too, but resetting it would process its retained commands
     * again and append their events a second time. Its snapshot store gives it away.
     */
    private static void refuseCommandService(final String applicationId, final Set<String> names) {
        final String snapshots = SnapshotChangelog.topic(applicationId);
        if (names.contains(snapshots)) {
            throw new RefusedException("refusing to replay " + applicationId + ": it is a command service (it has the "
                    + "snapshot store " + snapshots + "); resetting it would process its commands again and append "
                    + "their events twice. replay is for projections; for the command service's snapshots use "
                    + "rebuild-snapshots.");
        }
    }

    private static int commonPrefix(final String a, final String b) {
        int length = 0;
        while (length < Math.min(a.length(), b.length()) && a.charAt(length) == b.charAt(length)) {
            length++;
        }
        return length;
    }

    private static Map<TopicPartition, Long> onTopic(final Map<TopicPartition, Long> offsets, final String topic) {
        final Map<TopicPartition, Long> selected = new TreeMap<>(ApplicationGroup::byTopicAndPartition);
        offsets.forEach((partition, offset) -> {
            if (partition.topic().equals(topic)) {
                selected.put(partition, offset);
            }
        });
        return selected;
    }
}
