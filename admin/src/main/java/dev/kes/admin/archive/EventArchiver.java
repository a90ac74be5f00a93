package dev.kes.admin.archive;

import dev.kes.admin.AdminException;
import dev.kes.admin.RefusedException;
import dev.kes.admin.archive.ArchiveManifest.AccountRange;
import dev.kes.admin.archive.ArchiveManifest.PartitionRange;
import dev.kes.admin.events.EventDecoding;
import dev.kes.admin.kafka.AdminCalls;
import dev.kes.admin.kafka.TopicScan;
import dev.kes.admin.kafka.Topics;
import dev.kes.schemas.serde.AvroCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;

/**
 * Archives the prefix of each partition of the events topic that was appended before a cutoff, then truncates the
 * topic below it.
 *
 * <p><b>What "appended before the cutoff" means.</b> Per partition, the archived prefix ends (exclusive) at the first
 * committed record whose timestamp (the event's occurredAt) is at or after the cutoff, or at the partition's last
 * stable offset when there is none. This is the position Kafka's {@code offsetsForTimes(cutoff)} gives, except that
 * only committed event records can end the prefix: a transaction marker carries the time it was written (now, for
 * a backdated import) and an aborted record is not an event. Everything before that position is archived, whatever
 * its own timestamp: after a backdated import a partition holds older events behind newer ones, and those stay on
 * the topic until a later cutoff passes the newer ones in front of them. Only whole prefixes are archived, so
 * truncating below the end offset deletes exactly what was archived.
 *
 * <p><b>Order of work.</b> Each run reads from where the archive ends (or the log start offset, if later) with
 * read_committed, writes one Avro file per partition, then the manifest, and only then deletes the topic's records
 * below the archived end offsets. A crash before the manifest leaves an invalid run (ignored, the topic untouched);
 * a crash after it leaves the topic untruncated, and the next run truncates it. A second run with the same or an
 * earlier cutoff archives nothing; a later one starts where the archive ends, so runs chain.
 */
public final class EventArchiver {
    private final Map<String, ?> kafka;
    private final Admin admin;
    private final ArchiveStorage storage;
    private final Duration timeout;
    private final Clock clock;
    private final AvroCodec codec;

    public EventArchiver(
            final Map<String, ?> kafka, final Admin admin, final ArchiveStorage storage, final Duration timeout) {
        this(kafka, admin, storage, timeout, Clock.systemUTC(), AvroCodec.shipped());
    }

    /**
     * @param codec decodes the events to archive; the archive keeps their bytes in single-object encoding (a
     *     registry-framed value's body behind a new header), readable without a registry
     */
    public EventArchiver(
            final Map<String, ?> kafka,
            final Admin admin,
            final ArchiveStorage storage,
            final Duration timeout,
            final AvroCodec codec) {
        this(kafka, admin, storage, timeout, Clock.systemUTC(), codec);
    }

    EventArchiver(
            final Map<String, ?> kafka,
            final Admin admin,
            final ArchiveStorage storage,
            final Duration timeout,
            final Clock clock) {
        this(kafka, admin, storage, timeout, clock, AvroCodec.shipped());
    }

    private EventArchiver(
            final Map<String, ?> kafka,
            final Admin admin,
            final ArchiveStorage storage,
            final Duration timeout,
            final Clock clock,
            final AvroCodec codec) {
        this.codec = codec;
        this.kafka = kafka;
        this.admin = admin;
        this.storage = storage;
        this.timeout = timeout;
        this.clock = clock;
    }

    /**
     * As {@link #archive(String, Instant, boolean, boolean, boolean)} without force: a cutoff in the future or after
     * the last event is refused.
     */
    public ArchiveResult archive(
            final String topic, final Instant cutoff, final boolean dryRun, final boolean truncate) {
        return archive(topic, cutoff, dryRun, truncate, false);
    }

    /**
     * @param dryRun   read and report, write and delete nothing
     * @param truncate delete the archived records from the topic (and complete the truncation of an earlier run)
     * @param force    archive even with a cutoff in the future or after the last event, which archives (and
     *                 truncates) every event on the topic
     * @throws RefusedException without {@code force}, for a cutoff in the future or after the last event: most
     *                          likely a mistyped date, and it would empty the topic; nothing has changed then
     */
    public ArchiveResult archive(
            final String topic,
            final Instant cutoff,
            final boolean dryRun,
            final boolean truncate,
            final boolean force) {
        final Instant now = clock.instant();
        if (!force && cutoff.isAfter(now)) {
            throw new RefusedException("refusing to archive " + topic + " before " + cutoff + ": the cutoff is in the "
                    + "future (now is " + now + "), so every event on the topic would be archived"
                    + (truncate ? " and deleted from it" : "") + ". Check the date; --force archives anyway.");
        }
        final Topics topics = new Topics(admin, timeout);
        final List<TopicPartition> partitions = topics.partitions(topic);
        final Map<Integer, Long> logStart = byNumber(topics.offsets(partitions, OffsetSpec.earliest()));
        final Map<Integer, Long> end = byNumber(topics.offsets(partitions, OffsetSpec.latest()));
        final Map<Integer, Long> archivedEnd =
                ArchiveReader.open(storage, topic, codec).archivedEnd();
        final List<String> warnings = new ArrayList<>();
        final Map<Integer, Long> start = new TreeMap<>();
        logStart.forEach((partition, first) -> {
            final Long archived = archivedEnd.get(partition);
            if (archived != null && archived < first) {
                warnings.add("partition " + partition + ": offsets " + archived + " to " + first + " were deleted "
                        + "from the topic without being archived");
            }
            start.put(partition, Math.max(first, archived == null ? first : archived));
        });

        final String runDirectory = ArchiveLayout.runDirectory(
                topic, cutoff, UUID.randomUUID().toString().substring(0, 8));
        final ArchiveManifest manifest = readAndWrite(topic, cutoff, start, end, runDirectory, dryRun, truncate, force);

        final Map<Integer, Long> newEnd = new TreeMap<>(archivedEnd);
        if (manifest != null) {
            manifest.partitions().forEach(range -> newEnd.put(range.partition(), range.toOffset()));
        }
        final Map<Integer, Long> truncation = new TreeMap<>();
        if (truncate) {
            newEnd.forEach((partition, archived) -> {
                if (archived > logStart.getOrDefault(partition, archived)) {
                    truncation.put(partition, archived);
                }
            });
            if (!dryRun) {
                deleteBelow(topic, truncation);
            }
        }
        return new ArchiveResult(manifest, dryRun, logStart, truncation, warnings);
    }

    /** Reads every partition's prefix into spool files and, unless a dry run, stores them and then the manifest. */
    private ArchiveManifest readAndWrite(
            final String topic,
            final Instant cutoff,
            final Map<Integer, Long> start,
            final Map<Integer, Long> end,
            final String runDirectory,
            final boolean dryRun,
            final boolean truncate,
            final boolean force) {
        final Path spoolDirectory = temporaryDirectory();
        final Map<Integer, PartitionSpool> spools = new TreeMap<>();
        try {
            final EventDecoding decoding = new EventDecoding(codec);
            for (final Map.Entry<Integer, Long> partition : start.entrySet()) {
                if (partition.getValue() < end.get(partition.getKey())) {
                    spools.put(partition.getKey(), new PartitionSpool(partition.getKey(), spoolDirectory, decoding));
                }
            }
            final Map<Integer, Long> stops = new TopicScan(kafka, timeout)
                    .scanUntil(topic, start, end, TopicScan.atOrAfter(cutoff), record -> {
                        try {
                            spools.get(record.partition()).append(record);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
            final List<PartitionRange> ranges = new ArrayList<>();
            final List<AccountRange> accounts = new ArrayList<>();
            for (final PartitionSpool spool : spools.values()) {
                spool.close();
                final long from = start.get(spool.partition());
                final long to = stops.get(spool.partition());
                // offsets that hold only transaction markers or aborted records are archived as an empty range, so
                // that the runs stay a chain without holes
                if (to > from) {
                    ranges.add(new PartitionRange(
                            spool.partition(),
                            from,
                            to,
                            spool.records(),
                            spool.minTimestamp(),
                            spool.maxTimestamp(),
                            ArchiveLayout.partitionFile(runDirectory, spool.partition(), from, to)));
                    accounts.addAll(spool.accounts());
                }
            }
            if (ranges.isEmpty()) {
                return null;
            }
            // a read stopped before a partition's end only at an event at or after the cutoff
            final boolean cutoffReached =
                    stops.entrySet().stream().anyMatch(stop -> stop.getValue() < end.get(stop.getKey()));
            final Instant last = spools.values().stream()
                    .map(PartitionSpool::maxTimestamp)
                    .filter(Objects::nonNull)
                    .max(Instant::compareTo)
                    .orElse(null);
            if (!force && !cutoffReached && last != null) {
                throw new RefusedException("refusing to archive " + topic + " before " + cutoff + ": the cutoff is "
                        + "after the last event (occurred " + last + "), so every event "
                        + "on the topic would be archived" + (truncate ? " and deleted from it" : "") + ". Check the "
                        + "date; --force archives anyway.");
            }
            final ArchiveManifest manifest = new ArchiveManifest(
                    ArchiveManifest.FORMAT_VERSION,
                    topic,
                    cutoff,
                    clock.instant(),
                    runDirectory,
                    ArchiveFiles.CODEC,
                    ranges,
                    accounts,
                    decoding.unknown() + decoding.malformed());
            if (!dryRun) {
                for (final PartitionRange range : ranges) {
                    try (InputStream file = spools.get(range.partition()).open()) {
                        storage.write(range.file(), file);
                    }
                }
                // last: the run becomes valid only once every file it names is stored
                storage.write(ArchiveLayout.manifest(runDirectory), new ByteArrayInputStream(manifest.toJson()));
            }
            return manifest;
        } catch (IOException | UncheckedIOException e) {
            throw new AdminException("cannot write the archive to " + storage.describe() + ": " + e.getMessage(), e);
        } finally {
            cleanUp(spools, spoolDirectory);
        }
    }

    private void deleteBelow(final String topic, final Map<Integer, Long> truncation) {
        if (truncation.isEmpty()) {
            return;
        }
        final Map<TopicPartition, RecordsToDelete> request = new HashMap<>();
        truncation.forEach((partition, offset) ->
                request.put(new TopicPartition(topic, partition), RecordsToDelete.beforeOffset(offset)));
        AdminCalls.await(admin.deleteRecords(request).all(), timeout, "deleting the archived records of " + topic);
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("es-admin-archive-");
        } catch (IOException e) {
            throw new AdminException("cannot create a temporary directory for the archive files: " + e.getMessage(), e);
        }
    }

    private static void cleanUp(final Map<Integer, PartitionSpool> spools, final Path directory) {
        try {
            for (final PartitionSpool spool : spools.values()) {
                spool.delete();
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            throw new AdminException(
                    "cannot delete the temporary archive files in " + directory + ": " + e.getMessage(), e);
        }
    }

    private static Map<Integer, Long> byNumber(final Map<TopicPartition, Long> offsets) {
        final Map<Integer, Long> numbered = new TreeMap<>();
        offsets.forEach((partition, offset) -> numbered.put(partition.partition(), offset));
        return numbered;
    }
}
