package dev.kes.admin.archive;

import dev.kes.admin.AdminException;
import dev.kes.admin.RefusedException;
import dev.kes.admin.kafka.AdminCalls;
import dev.kes.admin.kafka.ApplicationGroup;
import dev.kes.admin.kafka.Clients;
import dev.kes.admin.kafka.StateDirectory;
import dev.kes.admin.kafka.Topics;
import dev.kes.admin.replay.ProjectionReplay;
import dev.kes.admin.replay.ReplayPlan;
import dev.kes.schemas.archive.ArchivedEvent;
import dev.kes.schemas.archive.ArchivedHeader;
import dev.kes.schemas.serde.AvroCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Rebuilds a projection from the archive and the topic: the archived events go through the projection's own
 * topology first, then the projection continues on the topic from where the archive ends.
 *
 * <ol>
 *   <li>The projection is reset as by {@code replay} ({@link ProjectionReplay#fromBeginning}: refused while it runs;
 *       its internal topics deleted), but its offsets on the events topic are set to where the archive ends.</li>
 *   <li>The archived records are copied to a temporary topic with the events topic's partition count, each to the
 *       partition it was archived from, with its key, timestamp and headers, in offset order.</li>
 *   <li>{@link ArchiveTopologyRun} runs the projection topology under the projection's application id on that
 *       topic until it has committed every record. Store and changelog names depend only on the application id and
 *       the store names, and task {@code 0_p} reads partition p of either topic, so the state lands in the changelog
 *       partitions the projection restores from.</li>
 *   <li>The temporary topic and the group's offsets on it are deleted, and the events-topic offsets committed again.</li>
 * </ol>
 */
public final class ArchiveReplay {
    private static final String TEMPORARY_PREFIX = "es-admin-archive-replay-";

    private final Map<String, ?> kafka;
    private final Admin admin;
    private final Duration timeout;
    private final Topics topics;
    private final short replicationFactor;
    private final AvroCodec codec;

    /**
     * @param replicationFactor of the temporary topic and of the changelogs the replay creates, as the projection's
     *                          {@code topic.replication.factor}: -1 for the broker's default
     */
    public ArchiveReplay(
            final Map<String, ?> kafka, final Admin admin, final Duration timeout, final short replicationFactor) {
        this(kafka, admin, timeout, replicationFactor, AvroCodec.shipped());
    }

    /** @param codec what the replayed projection decodes the archived events with (either framing) */
    public ArchiveReplay(
            final Map<String, ?> kafka,
            final Admin admin,
            final Duration timeout,
            final short replicationFactor,
            final AvroCodec codec) {
        this.codec = codec;
        this.kafka = kafka;
        this.replicationFactor = replicationFactor;
        this.admin = admin;
        this.timeout = timeout;
        this.topics = new Topics(admin, timeout);
    }

    /**
     * @param reset          the projection's reset, with the events-topic offsets where the archive ends
     * @param archived       records in the archive
     * @param temporaryTopic the topic the archived records go through
     */
    public record Plan(ReplayPlan reset, long archived, int runs, String temporaryTopic) {}

    /**
     * @throws RefusedException as {@link ProjectionReplay#fromBeginning}; when the archive has no run, its runs do not
     *                          chain, or it and the topic leave offsets in neither
     */
    public Plan plan(final String applicationId, final String eventsTopic, final ArchiveReader archive) {
        return plan(applicationId, eventsTopic, archive, false);
    }

    /** @param newApplication the application id may be new, see {@link ProjectionReplay#fromBeginning} */
    public Plan plan(
            final String applicationId,
            final String eventsTopic,
            final ArchiveReader archive,
            final boolean newApplication) {
        final ReplayPlan reset =
                new ProjectionReplay(kafka, admin, timeout).resetToLogStart(applicationId, eventsTopic, newApplication);
        if (archive.runs().isEmpty()) {
            throw new RefusedException("refusing to replay " + applicationId + " with the archive: it holds no run of "
                    + eventsTopic + " (a run is valid once its manifest.json is written)");
        }
        if (!archive.chainProblems().isEmpty()) {
            throw new RefusedException("refusing to replay " + applicationId + ": the archive's runs do not follow "
                    + "each other: " + String.join("; ", archive.chainProblems()));
        }
        final List<TopicPartition> partitions = topics.partitions(eventsTopic);
        final Map<TopicPartition, Long> logStart = topics.offsets(partitions, OffsetSpec.earliest());
        final Map<Integer, Long> archivedEnd = archive.archivedEnd();
        final Map<TopicPartition, Long> start = new TreeMap<>(ApplicationGroup::byTopicAndPartition);
        for (final Integer partition : archivedEnd.keySet()) {
            if (partition >= partitions.size()) {
                throw new RefusedException("refusing to replay " + applicationId + ": the archive has partition "
                        + partition + " but " + eventsTopic + " has " + partitions.size() + " partitions");
            }
        }
        logStart.forEach((partition, first) -> {
            final long end = archivedEnd.getOrDefault(partition.partition(), 0L);
            if (end < first) {
                throw new RefusedException(
                        "refusing to replay " + applicationId + ": " + partition + " starts at offset "
                                + first + " but the archive ends at " + end + ", so offsets " + end + " to " + first
                                + " are in neither. Is this the archive of " + eventsTopic + "?");
            }
            start.put(partition, end);
        });
        final long[] records = {0};
        archive.runs().forEach(run -> run.partitions().forEach(range -> records[0] += range.records()));
        return new Plan(
                new ReplayPlan(
                        applicationId, reset.committedBefore(), start, reset.internalTopics(), reset.keptTopics()),
                records[0],
                archive.runs().size(),
                TEMPORARY_PREFIX + applicationId + "-"
                        + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Does the plan; the projection's instances must stay stopped until it returns. */
    public void apply(final Plan plan, final ArchiveReader archive) {
        final String applicationId = plan.reset().applicationId();
        final ProjectionReplay reset = new ProjectionReplay(kafka, admin, timeout);
        reset.apply(plan.reset());
        final int partitions = plan.reset().offsets().size();
        AdminCalls.await(
                admin.createTopics(List.of(new NewTopic(
                                        plan.temporaryTopic(),
                                        Optional.of(partitions),
                                        replicationFactor > 0 ? Optional.of(replicationFactor) : Optional.empty())
                                .configs(Map.of("retention.ms", "-1", "retention.bytes", "-1"))))
                        .all(),
                timeout,
                "creating " + plan.temporaryTopic());
        new Topics(admin, timeout).awaitServed(plan.temporaryTopic());
        final Path stateDir = temporaryStateDir();
        try {
            final Map<TopicPartition, Long> copied = copy(archive, plan.temporaryTopic());
            try (ArchiveTopologyRun run = ArchiveTopologyRun.start(
                    kafka, applicationId, plan.temporaryTopic(), stateDir, replicationFactor, codec)) {
                run.awaitCommitted(admin, copied, timeout);
            }
        } finally {
            removeTemporaryTopic(applicationId, plan.temporaryTopic(), partitions);
            deleteStateDir(stateDir, applicationId);
        }
        // the run's group never read the events topic, but a group's offsets on topics it does not subscribe to may
        // expire: set them again
        new ApplicationGroup(admin, applicationId, timeout).commit(plan.reset().offsets());
    }

    /** Copies every archived record to its partition of {@code topic}; returns the end offset of each partition. */
    private Map<TopicPartition, Long> copy(final ArchiveReader archive, final String topic) {
        final Map<TopicPartition, Long> end = new HashMap<>();
        final AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(Clients.producer(kafka), new ByteArraySerializer(), new ByteArraySerializer())) {
            archive.forEachRecord(record -> {
                final TopicPartition partition = new TopicPartition(topic, record.getPartition());
                producer.send(toRecord(topic, record), (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                });
                end.merge(partition, 1L, Long::sum);
            });
            producer.flush();
        }
        if (failure.get() != null) {
            throw new AdminException(
                    "cannot copy the archived events to " + topic + ": " + AdminCalls.describe(failure.get()),
                    failure.get());
        }
        return end;
    }

    private ProducerRecord<byte[], byte[]> toRecord(final String topic, final ArchivedEvent record) {
        final RecordHeaders headers = new RecordHeaders();
        for (final ArchivedHeader header : record.getHeaders()) {
            headers.add(header.getKey(), ArchiveFiles.bytes(header.getValue()));
        }
        return new ProducerRecord<>(
                topic,
                record.getPartition(),
                record.getTimestamp().toEpochMilli(),
                record.getKey() == null ? null : record.getKey().getBytes(StandardCharsets.UTF_8),
                ArchiveFiles.selfContained(codec, ArchiveFiles.bytes(record.getValue())),
                headers);
    }

    private void removeTemporaryTopic(final String applicationId, final String topic, final int partitions) {
        final List<TopicPartition> all = IntStream.range(0, partitions)
                .mapToObj(partition -> new TopicPartition(topic, partition))
                .toList();
        final ApplicationGroup group = new ApplicationGroup(admin, applicationId, timeout);
        if (group.committedOffsets().keySet().stream()
                .anyMatch(partition -> partition.topic().equals(topic))) {
            AdminCalls.await(
                    admin.deleteConsumerGroupOffsets(applicationId, Set.copyOf(all))
                            .all(),
                    timeout,
                    "deleting the offsets of group " + applicationId + " on " + topic);
        }
        topics.deleteAndWait(List.of(topic));
    }

    private static Path temporaryStateDir() {
        try {
            return Files.createTempDirectory("es-admin-replay-state-");
        } catch (IOException e) {
            throw new AdminException("cannot create a temporary state directory: " + e.getMessage(), e);
        }
    }

    private static void deleteStateDir(final Path stateDir, final String applicationId) {
        StateDirectory.delete(stateDir, applicationId);
        try {
            Files.deleteIfExists(stateDir);
        } catch (IOException e) {
            throw new AdminException(
                    "cannot delete the temporary state directory " + stateDir + ": " + e.getMessage(), e);
        }
    }
}
