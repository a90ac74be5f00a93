package dev.kes.admin.snapshots;

import dev.kes.admin.RefusedException;
import dev.kes.admin.archive.ArchiveReader;
import dev.kes.admin.events.EventStoreReader;
import dev.kes.admin.events.ReadSummary;
import dev.kes.admin.kafka.Clients;
import dev.kes.admin.kafka.Topics;
import dev.kes.domain.Account;
import dev.kes.schemas.serde.AvroCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Every account folded from every event the store holds: the archive's (written by {@code es-admin archive}), then
 * the topic's from where the archive ends, each event once.
 *
 * <p>Only {@link #read} makes one, and it refuses when the events read would not start at offset 0 of every
 * partition: without the archived part, an account whose early events were archived looks unopened, and one whose
 * events were all archived looks as if it had none. So an account {@link #hasEvents} says has none has none
 * anywhere, which is what {@link SnapshotRebuild} relies on before it writes a tombstone.
 */
public final class HistoryFold {
    private final String topic;
    private final AccountFold fold;
    private final ReadSummary archived;
    private final int archiveRuns;
    private final ReadSummary live;

    private HistoryFold(
            final String topic,
            final AccountFold fold,
            final ReadSummary archived,
            final int archiveRuns,
            final ReadSummary live) {
        this.topic = topic;
        this.fold = fold;
        this.archived = archived;
        this.archiveRuns = archiveRuns;
        this.live = live;
    }

    /**
     * Folds the archive (null: none) and then the topic from where the archive ends.
     *
     * @throws RefusedException when the topic's log starts above offset 0 in a partition and no archive, or one
     *                          ending before that offset, holds what is missing; when the archive's runs do not chain
     */
    public static HistoryFold read(
            final Map<String, ?> kafka, final Duration timeout, final String eventsTopic, final ArchiveReader archive) {
        return read(kafka, timeout, eventsTopic, archive, AvroCodec.shipped());
    }

    /** As {@link #read(Map, Duration, String, ArchiveReader)}, decoding the topic's events with {@code codec}. */
    public static HistoryFold read(
            final Map<String, ?> kafka,
            final Duration timeout,
            final String eventsTopic,
            final ArchiveReader archive,
            final AvroCodec codec) {
        requireWhole(kafka, timeout, eventsTopic, archive);
        final Map<Integer, Long> archivedEnd = archive == null ? Map.of() : archive.archivedEnd();
        final AccountFold fold = new AccountFold();
        final ReadSummary archived = archive == null ? null : archive.forEachEvent(fold);
        final long[] folded = {0};
        final ReadSummary topic = new EventStoreReader(kafka, eventsTopic, timeout, codec).forEach(event -> {
            // archived with --no-truncate, a record is in both: the archive's copy was folded
            if (event.offset() >= archivedEnd.getOrDefault(event.partition(), 0L)) {
                fold.accept(event);
                folded[0]++;
            }
        });
        // the log start may have moved since it was checked (retention, an archive run): the read itself must cover
        final Map<Integer, Long> readFrom = new TreeMap<>();
        topic.ranges().forEach(range -> readFrom.put(range.partition(), range.from()));
        requireWhole(eventsTopic, archive, readFrom);
        return new HistoryFold(
                eventsTopic,
                fold,
                archived,
                archive == null ? 0 : archive.runs().size(),
                new ReadSummary(folded[0], topic.skippedUnknown(), topic.skippedMalformed(), topic.ranges()));
    }

    /**
     * The check {@link #read} starts with, for a caller that wants to refuse before reading anything else: the
     * topic's log start offsets, against the archive.
     */
    public static void requireWhole(
            final Map<String, ?> kafka, final Duration timeout, final String eventsTopic, final ArchiveReader archive) {
        final Map<Integer, Long> logStart = new TreeMap<>();
        try (Admin admin = Clients.admin(kafka, timeout)) {
            final Topics topics = new Topics(admin, timeout);
            final List<TopicPartition> partitions = topics.partitions(eventsTopic);
            topics.offsets(partitions, OffsetSpec.earliest())
                    .forEach((partition, offset) -> logStart.put(partition.partition(), offset));
        }
        requireWhole(eventsTopic, archive, logStart);
    }

    private static void requireWhole(final String topic, final ArchiveReader archive, final Map<Integer, Long> start) {
        final List<String> truncated = new ArrayList<>();
        start.forEach((partition, offset) -> {
            if (offset > 0) {
                truncated.add("partition " + partition + " at " + offset);
            }
        });
        if (archive == null) {
            if (!truncated.isEmpty()) {
                throw new RefusedException("refusing to fold the events of " + topic + " without its archive: its log "
                        + "start offset is above 0 (" + String.join(", ", truncated) + "), so its earlier events were "
                        + "archived (es-admin archive) or deleted. Folded without them, archived accounts would look "
                        + "unopened or as if they had no events. Pass --archive DIR, the archive of " + topic + ".");
            }
            return;
        }
        if (!archive.chainProblems().isEmpty()) {
            throw new RefusedException("refusing to fold the events of " + topic + ": the archive's runs do not "
                    + "follow each other: " + String.join("; ", archive.chainProblems()));
        }
        final Map<Integer, Long> archivedStart = archive.archivedStart();
        final Map<Integer, Long> archivedEnd = archive.archivedEnd();
        final List<String> missing = new ArrayList<>();
        archivedStart.forEach((partition, first) -> {
            if (!start.containsKey(partition)) {
                missing.add("the archive has partition " + partition + ", which " + topic + " has not");
            } else if (first > 0) {
                missing.add("partition " + partition + ": the archive starts at offset " + first);
            }
        });
        start.forEach((partition, first) -> {
            final long end = archivedEnd.getOrDefault(partition, 0L);
            if (first > end) {
                missing.add("partition " + partition + ": the log start offset is " + first + " but the archive ends "
                        + "at " + end + ", so offsets " + end + " to " + first + " are in neither");
            }
        });
        if (!missing.isEmpty()) {
            throw new RefusedException("refusing to fold the events of " + topic + ": " + String.join("; ", missing)
                    + ". Is --archive the archive of " + topic + ", with every run's manifest?");
        }
    }

    public String topic() {
        return topic;
    }

    /** The accounts that exist (were opened), by id. */
    public Map<String, Account> accounts() {
        return fold.accounts();
    }

    /** Whether the account has any event, in the archive or on the topic. */
    public boolean hasEvents(final String accountId) {
        return fold.hasEvents(accountId);
    }

    public List<String> anomalies() {
        return fold.anomalies();
    }

    /** What was read from the archive, or null without one. */
    public ReadSummary archived() {
        return archived;
    }

    public int archiveRuns() {
        return archiveRuns;
    }

    /** What was folded from the topic: its events from where the archive ends. */
    public ReadSummary live() {
        return live;
    }

    /** Events of either part that could not be folded (unknown type, unreadable). */
    public long skipped() {
        return live.skipped() + (archived == null ? 0 : archived.skipped());
    }
}
