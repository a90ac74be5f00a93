package dev.kes.admin.kafka;

import dev.kes.admin.AdminException;
import dev.kes.admin.RefusedException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.StreamsGroupDescription;
import org.apache.kafka.clients.admin.StreamsGroupMemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * The consumer group of a Kafka Streams application ({@code group.id = application.id}): whether instances are
 * running, and its committed offsets.
 */
public final class ApplicationGroup {
    /** How the group's members coordinate, as far as this tool is concerned. */
    public enum Protocol {
        /** No such group: nothing ever joined or committed. */
        NONE,
        /** The classic (or KIP-848 consumer) protocol, Kafka Streams' default. */
        CONSUMER,
        /** The Kafka Streams rebalance protocol ({@code group.protocol=streams}, KIP-1071). */
        STREAMS
    }

    /**
     * @param members       one "clientId (host)" per running instance thread; empty when nothing runs
     * @param staticMembers the group.instance.id of each static member among them
     */
    public record Status(String groupId, Protocol protocol, List<String> members, List<String> staticMembers) {
        public Status(final String groupId, final Protocol protocol, final List<String> members) {
            this(groupId, protocol, members, List.of());
        }

        public boolean isRunning() {
            return !members.isEmpty();
        }
    }

    private final Admin admin;
    private final String groupId;
    private final Duration timeout;

    public ApplicationGroup(final Admin admin, final String applicationId, final Duration timeout) {
        this.admin = admin;
        this.groupId = applicationId;
        this.timeout = timeout;
    }

    /**
     * Asks for the group as a consumer group and, when that finds no member, as a streams group: an application
     * started with {@code group.protocol=streams} is not visible as a consumer group, and a running instance must
     * never be missed.
     */
    public Status status() {
        final ConsumerGroupDescription consumers = describeConsumers();
        if (consumers != null && !consumers.members().isEmpty()) {
            return withMembers(
                    Protocol.CONSUMER,
                    consumers.members(),
                    m -> m.clientId() + " (" + m.host() + ")",
                    MemberDescription::groupInstanceId);
        }
        final StreamsGroupDescription streams = describeStreams();
        if (streams != null && (!streams.members().isEmpty() || streams.groupState() != GroupState.DEAD)) {
            return withMembers(
                    Protocol.STREAMS,
                    streams.members(),
                    m -> m.clientId() + " (" + m.clientHost() + ")",
                    StreamsGroupMemberDescription::instanceId);
        }
        final boolean exists = consumers != null && consumers.groupState() != GroupState.DEAD;
        return new Status(groupId, exists ? Protocol.CONSUMER : Protocol.NONE, List.of());
    }

    /** The group as {@code protocol} describes it: each member as {@code description} says, both lists sorted. */
    private <M> Status withMembers(
            final Protocol protocol,
            final Collection<M> members,
            final Function<M, String> description,
            final Function<M, Optional<String>> instanceId) {
        return new Status(
                groupId,
                protocol,
                members.stream().map(description).sorted().toList(),
                members.stream()
                        .flatMap(m -> instanceId.apply(m).stream())
                        .sorted()
                        .toList());
    }

    /**
     * @param what the operation, for the message ("rebuild the snapshots of")
     * @throws RefusedException when any instance of the application is running
     */
    public Status requireStopped(final String what) {
        final Status status = status();
        if (status.isRunning()) {
            throw new RefusedException("refusing to " + what + " " + groupId + ": it is running, its consumer group "
                    + "has " + status.members().size() + " active member(s): " + String.join(", ", status.members())
                    + ". Stop every instance of " + groupId + " and run this again." + staticMembers(status));
        }
        return status;
    }

    /**
     * Static members (group.instance.id, as the local stack's services use) do not leave the group when their
     * instance stops: a refusal right after a clean stop must say why, for how long, and what to do.
     */
    private String staticMembers(final Status status) {
        if (status.staticMembers().isEmpty()) {
            return "";
        }
        return " "
                + (status.staticMembers().size() == status.members().size()
                        ? "All of them are"
                        : "Of them, " + status.staticMembers().size() + " are")
                + " static members (group.instance.id "
                + String.join(", ", status.staticMembers()) + "), which stay in the group after their instance "
                + "stops, even cleanly, until session.timeout.ms passes without a heartbeat from them (10 s for the kes "
                + "services, ADR 0008, 45 s for other Kafka Streams applications, unless configured otherwise). If "
                + "every instance is stopped, wait that long and run this again, or remove them from the group at once with Kafka's Admin API "
                + "(Admin.removeMembersFromConsumerGroup with their group.instance.id).";
    }

    /** The group's committed offsets (consumer protocol), by partition. */
    public Map<TopicPartition, Long> committedOffsets() {
        final Map<TopicPartition, OffsetAndMetadata> committed = AdminCalls.await(
                admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata(),
                timeout,
                "listing the committed offsets of group " + groupId);
        return committed.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(
                        Map.Entry::getKey,
                        e -> e.getValue().offset(),
                        (a, b) -> b,
                        () -> new TreeMap<>(ApplicationGroup::byTopicAndPartition)));
    }

    /** Sets the group's committed offsets; the group must have no active member (Kafka refuses otherwise). */
    public void commit(final Map<TopicPartition, Long> offsets) {
        final Map<TopicPartition, OffsetAndMetadata> request = offsets.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue(), "es-admin")));
        AdminCalls.await(
                admin.alterConsumerGroupOffsets(groupId, request).all(),
                timeout,
                "committing offsets for group " + groupId);
    }

    /** The ids of every group on the cluster (consumer, streams, share, classic …). */
    public static Set<String> allGroupIds(final Admin admin, final Duration timeout) {
        return AdminCalls.await(admin.listGroups().all(), timeout, "listing groups").stream()
                .map(GroupListing::groupId)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    public static int byTopicAndPartition(final TopicPartition a, final TopicPartition b) {
        final int topic = a.topic().compareTo(b.topic());
        return topic != 0 ? topic : Integer.compare(a.partition(), b.partition());
    }

    private ConsumerGroupDescription describeConsumers() {
        return describe(
                admin.describeConsumerGroups(List.of(groupId)).describedGroups().get(groupId),
                "consumer",
                cause -> cause instanceof GroupIdNotFoundException);
    }

    private StreamsGroupDescription describeStreams() {
        // not a streams group, or a broker without streams groups: the consumer-group answer stands
        return describe(
                admin.describeStreamsGroups(List.of(groupId)).describedGroups().get(groupId),
                "streams",
                cause -> cause instanceof GroupIdNotFoundException || cause instanceof UnsupportedVersionException);
    }

    /** The group's description, or null when the call fails for a reason {@code absent} says means "no such group". */
    private <D> D describe(final KafkaFuture<D> description, final String kind, final Predicate<Throwable> absent) {
        try {
            return AdminCalls.await(description, timeout, "describing " + kind + " group " + groupId);
        } catch (AdminException e) {
            if (absent.test(e.getCause())) {
                return null;
            }
            throw e;
        }
    }
}
