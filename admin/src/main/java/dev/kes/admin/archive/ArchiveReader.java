package dev.kes.admin.archive;

import dev.kes.admin.AdminException;
import dev.kes.admin.archive.ArchiveManifest.AccountRange;
import dev.kes.admin.archive.ArchiveManifest.PartitionRange;
import dev.kes.admin.events.EventDecoding;
import dev.kes.admin.events.ReadResult;
import dev.kes.admin.events.ReadSummary;
import dev.kes.admin.events.StoredEvent;
import dev.kes.admin.kafka.OffsetRange;
import dev.kes.schemas.archive.ArchivedEvent;
import dev.kes.schemas.serde.AvroCodec;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reads what the archive holds of one topic: every valid run (one with a manifest), chained per partition by offset.
 *
 * <p>Events are decoded from the original bytes exactly as from the topic (schema resolution, then the upcasters),
 * so an event archived years ago reads as the current build's event, and they keep their topic partition and
 * offset.
 */
public final class ArchiveReader {
    private final ArchiveStorage storage;
    private final String topic;
    private final List<ArchiveManifest> runs;
    private final AvroCodec codec;

    private ArchiveReader(
            final ArchiveStorage storage, final String topic, final List<ArchiveManifest> runs, final AvroCodec codec) {
        this.storage = storage;
        this.topic = topic;
        this.runs = List.copyOf(runs);
        this.codec = codec;
    }

    /** Loads the manifests of every run of {@code topic}; files of runs without a manifest are ignored. */
    public static ArchiveReader open(final ArchiveStorage storage, final String topic) {
        return open(storage, topic, AvroCodec.shipped());
    }

    /** @param codec decodes the archived events (either framing, as they were on the topic) */
    public static ArchiveReader open(final ArchiveStorage storage, final String topic, final AvroCodec codec) {
        final List<ArchiveManifest> runs = new ArrayList<>();
        try {
            for (final String name : storage.list(ArchiveLayout.topicPrefix(topic))) {
                if (ArchiveLayout.isManifest(name)) {
                    try (InputStream json = storage.read(name)) {
                        runs.add(ArchiveManifest.fromJson(json));
                    }
                }
            }
        } catch (IOException e) {
            throw new AdminException(
                    "cannot read the archive of " + topic + " in " + storage.describe() + ": " + e.getMessage(), e);
        }
        runs.sort(Comparator.comparing(ArchiveManifest::created).thenComparing(ArchiveManifest::runDirectory));
        return new ArchiveReader(storage, topic, runs, codec);
    }

    public List<ArchiveManifest> runs() {
        return runs;
    }

    public String topic() {
        return topic;
    }

    /** Per partition, the end (exclusive) of what the archive holds: where the topic takes over. */
    public Map<Integer, Long> archivedEnd() {
        final Map<Integer, Long> end = new TreeMap<>();
        ranges().forEach((partition, ranges) ->
                end.put(partition, ranges.get(ranges.size() - 1).toOffset()));
        return end;
    }

    /** Per partition, where the archive starts. */
    public Map<Integer, Long> archivedStart() {
        final Map<Integer, Long> start = new TreeMap<>();
        ranges().forEach((partition, ranges) ->
                start.put(partition, ranges.get(0).fromOffset()));
        return start;
    }

    /** Holes or overlaps between runs, per partition: none when every run starts where the previous one ended. */
    public List<String> chainProblems() {
        final List<String> problems = new ArrayList<>();
        ranges().forEach((partition, ranges) -> {
            for (int i = 1; i < ranges.size(); i++) {
                final PartitionRange before = ranges.get(i - 1);
                final PartitionRange next = ranges.get(i);
                if (next.fromOffset() != before.toOffset()) {
                    problems.add("partition " + partition + ": " + before.file() + " ends at " + before.toOffset()
                            + " but " + next.file() + " starts at " + next.fromOffset());
                }
            }
        });
        return problems;
    }

    /** Every archived record, partition by partition, in offset order. */
    public void forEachRecord(final Consumer<? super ArchivedEvent> action) {
        ranges().values().forEach(ranges -> ranges.forEach(range -> readFile(range.file(), action)));
    }

    /** Every archived event that this build can decode, partition by partition, in offset order. */
    public ReadSummary forEachEvent(final Consumer<? super StoredEvent> action) {
        final EventDecoding decoding = new EventDecoding(codec);
        final long[] delivered = {0};
        forEachRecord(record -> decode(decoding, record).ifPresent(event -> {
            delivered[0]++;
            action.accept(event);
        }));
        return new ReadSummary(delivered[0], decoding.unknown(), decoding.malformed(), offsetRanges(ranges()));
    }

    /**
     * One account's archived events in version order. Only the files of runs whose manifest lists the account are
     * opened.
     */
    public ReadResult readAccount(final String accountId) {
        final EventDecoding decoding = new EventDecoding(codec);
        final List<StoredEvent> events = new ArrayList<>();
        final Map<Integer, List<PartitionRange>> opened = new TreeMap<>();
        for (final ArchiveManifest run : runs) {
            for (final AccountRange account : run.accounts()) {
                if (!account.accountId().equals(accountId)) {
                    continue;
                }
                final PartitionRange range = run.partition(account.partition());
                if (range == null) {
                    throw new AdminException("the manifest of " + run.runDirectory() + " lists " + accountId
                            + " in partition " + account.partition() + ", which it has no file of");
                }
                opened.computeIfAbsent(range.partition(), p -> new ArrayList<>())
                        .add(range);
                readFile(range.file(), record -> {
                    if (accountId.equals(record.getKey())) {
                        decode(decoding, record).ifPresent(events::add);
                    }
                });
            }
        }
        events.sort(Comparator.comparingLong(StoredEvent::version));
        return new ReadResult(
                events, new ReadSummary(events.size(), decoding.unknown(), decoding.malformed(), offsetRanges(opened)));
    }

    private static Optional<StoredEvent> decode(final EventDecoding decoding, final ArchivedEvent record) {
        return decoding.decode(
                record.getPartition(),
                record.getOffset(),
                record.getTimestamp().toEpochMilli(),
                record.getKey(),
                ArchiveFiles.bytes(record.getValue()));
    }

    /** Per partition, the ranges of every run, by offset. */
    private Map<Integer, List<PartitionRange>> ranges() {
        final Map<Integer, List<PartitionRange>> byPartition = new TreeMap<>();
        runs.forEach(run -> run.partitions()
                .forEach(range -> byPartition
                        .computeIfAbsent(range.partition(), p -> new ArrayList<>())
                        .add(range)));
        byPartition.values().forEach(ranges -> ranges.sort(Comparator.comparingLong(PartitionRange::fromOffset)));
        return byPartition;
    }

    private static List<OffsetRange> offsetRanges(final Map<Integer, List<PartitionRange>> ranges) {
        final List<OffsetRange> offsets = new ArrayList<>();
        ranges.forEach((partition, list) -> offsets.add(new OffsetRange(
                partition,
                list.stream().mapToLong(PartitionRange::fromOffset).min().orElse(0),
                list.stream().mapToLong(PartitionRange::toOffset).max().orElse(0))));
        return offsets;
    }

    private void readFile(final String file, final Consumer<? super ArchivedEvent> action) {
        try (InputStream in = storage.read(file)) {
            ArchiveFiles.forEach(in, action);
        } catch (IOException e) {
            throw new AdminException(
                    "cannot read archive file " + file + " in " + storage.describe() + ": " + e.getMessage(), e);
        }
    }
}
