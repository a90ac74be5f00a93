package dev.kes.projection.store;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;

/**
 * Value of the event-index store: one or more of an account's entries in version order, the first at the version of
 * the key, the others at versions relative to it ({@link Entry#offset}). Kafka Streams writes one entry per event
 * (a record per event, the value not growing with the history); a bulk build writes runs of many, so that its
 * changelogs hold a fraction of the records to produce and restore (ADR 0019).
 *
 * <pre>
 * one entry:  the IndexedEvent bytes (format 1)
 * a run:      format(u8 = 2)  count(i32)  count × [ offset(i64)  length(i32)  IndexedEvent bytes ]
 * </pre>
 *
 * A single entry keeps the format stores written before runs hold, so either kind of value is read from any store.
 */
public final class IndexRun {
    /** Not {@link IndexedEvent#FORMAT}, the first byte of a single entry. */
    static final byte RUN_FORMAT = 2;

    private static final int ENTRY_HEADER = Long.BYTES + Integer.BYTES;

    /** An entry of the run, {@code offset} versions after the key's. */
    public record Entry(long offset, IndexedEvent event) {}

    public static final Serde<IndexRun> SERDE = Serdes.serdeFrom(
            (topic, value) -> value == null ? null : value.toBytes(),
            (topic, bytes) -> bytes == null ? null : fromBytes(bytes));

    private final List<Entry> entries;
    private final long eventBytes;

    public IndexRun(final List<Entry> entries) {
        if (entries.isEmpty() || entries.get(0).offset() != 0) {
            throw new IllegalArgumentException("a run starts at its key's version");
        }
        long bytes = 0;
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                requireAfter(entries.get(i - 1).offset(), entries.get(i).offset());
            }
            bytes += entries.get(i).event().event().length;
        }
        this.entries = List.copyOf(entries);
        this.eventBytes = bytes;
    }

    /** Appending, checked by {@link #plus}: the bulk build appends once per event, so this copies once. */
    private IndexRun(final List<Entry> entries, final long eventBytes) {
        this.entries = Collections.unmodifiableList(entries);
        this.eventBytes = eventBytes;
    }

    private static void requireAfter(final long previous, final long offset) {
        if (offset <= previous) {
            throw new IllegalArgumentException("a run's versions increase: " + offset + " after " + previous);
        }
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The bytes of the events it holds (the encoded run is a little larger). */
    public long eventBytes() {
        return eventBytes;
    }

    /** A run of one: the event at the key's version. */
    public static IndexRun of(final IndexedEvent event) {
        return new IndexRun(List.of(new Entry(0, event)));
    }

    /** This run with {@code event} appended, {@code offset} versions after the key's (above every offset here). */
    public IndexRun plus(final long offset, final IndexedEvent event) {
        requireAfter(entries.get(entries.size() - 1).offset(), offset);
        final List<Entry> longer = new ArrayList<>(entries.size() + 1);
        longer.addAll(entries);
        longer.add(new Entry(offset, event));
        return new IndexRun(longer, eventBytes + event.event().length);
    }

    /** The entries with their versions, for the run stored under {@code key}. */
    public List<KeyValue<EventKey, IndexedEvent>> at(final EventKey key) {
        return entries.stream()
                .map(entry ->
                        KeyValue.pair(new EventKey(key.accountId(), key.version() + entry.offset()), entry.event()))
                .toList();
    }

    public byte[] toBytes() {
        if (entries.size() == 1) {
            return entries.get(0).event().toBytes();
        }
        final List<byte[]> encoded =
                entries.stream().map(entry -> entry.event().toBytes()).toList();
        final int size = 1
                + Integer.BYTES
                + encoded.stream()
                        .mapToInt(bytes -> Long.BYTES + Integer.BYTES + bytes.length)
                        .sum();
        final ByteBuffer buffer = ByteBuffer.allocate(size).put(RUN_FORMAT).putInt(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            buffer.putLong(entries.get(i).offset())
                    .putInt(encoded.get(i).length)
                    .put(encoded.get(i));
        }
        return buffer.array();
    }

    public static IndexRun fromBytes(final byte[] bytes) {
        if (bytes.length == 0 || bytes[0] != RUN_FORMAT) {
            return of(IndexedEvent.fromBytes(bytes));
        }
        final ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        final int count = buffer.remaining() >= Integer.BYTES ? buffer.getInt() : -1;
        if (count < 2 || count > buffer.remaining() / ENTRY_HEADER) {
            throw new IllegalArgumentException(
                    "not an event-index run: " + count + " entries in " + bytes.length + " bytes");
        }
        final List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (buffer.remaining() < ENTRY_HEADER) {
                throw new IllegalArgumentException("an event-index run ends inside entry " + i);
            }
            final long offset = buffer.getLong();
            final int length = buffer.getInt();
            if (length < 0 || length > buffer.remaining()) {
                throw new IllegalArgumentException("an event-index run's entry " + i + " of " + length + " bytes");
            }
            final int from = buffer.position();
            entries.add(new Entry(offset, IndexedEvent.fromBytes(Arrays.copyOfRange(bytes, from, from + length))));
            buffer.position(from + length);
        }
        if (buffer.hasRemaining()) {
            throw new IllegalArgumentException("an event-index run with " + buffer.remaining() + " bytes after it");
        }
        return new IndexRun(entries);
    }
}
