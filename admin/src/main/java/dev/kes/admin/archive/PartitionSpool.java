package dev.kes.admin.archive;

import dev.kes.admin.archive.ArchiveManifest.AccountRange;
import dev.kes.admin.events.EventDecoding;
import dev.kes.admin.events.StoredEvent;
import dev.kes.schemas.archive.ArchivedEvent;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.file.DataFileWriter;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One partition's share of an archive run while it is read: its records go to a local Avro file first (the final
 * name holds the end offset, known only once the read stops, and object storage wants a complete upload), and
 * what the manifest says about them is tallied on the way.
 */
final class PartitionSpool implements Closeable {
    private final int partition;
    private final Path file;
    private final OutputStream out;
    private final DataFileWriter<ArchivedEvent> writer;
    private final EventDecoding decoding;
    private final Map<String, AccountRange> accounts = new LinkedHashMap<>();
    private long records;
    private Instant minTimestamp;
    private Instant maxTimestamp;
    private boolean closed;

    /** @param decoding counts what cannot be decoded for the whole run, and names its codec */
    PartitionSpool(final int partition, final Path directory, final EventDecoding decoding) throws IOException {
        this.partition = partition;
        this.file = Files.createTempFile(directory, "partition-" + partition + "-", ".avro");
        this.out = Files.newOutputStream(file);
        this.writer = ArchiveFiles.writer(out);
        this.decoding = decoding;
    }

    void append(final ConsumerRecord<byte[], byte[]> record) throws IOException {
        writer.append(ArchiveFiles.envelope(record, decoding.codec()));
        records++;
        final Instant timestamp = Instant.ofEpochMilli(record.timestamp());
        minTimestamp = minTimestamp == null || timestamp.isBefore(minTimestamp) ? timestamp : minTimestamp;
        maxTimestamp = maxTimestamp == null || timestamp.isAfter(maxTimestamp) ? timestamp : maxTimestamp;
        final Optional<StoredEvent> event = decoding.decode(record);
        event.ifPresent(this::count);
    }

    private void count(final StoredEvent event) {
        final Instant occurredAt = event.event().occurredAt();
        accounts.merge(
                event.accountId(),
                new AccountRange(
                        event.accountId(), partition, event.version(), event.version(), 1, occurredAt, occurredAt),
                (a, b) -> new AccountRange(
                        a.accountId(),
                        partition,
                        Math.min(a.firstVersion(), b.firstVersion()),
                        Math.max(a.lastVersion(), b.lastVersion()),
                        a.events() + b.events(),
                        earlier(a.firstOccurredAt(), b.firstOccurredAt()),
                        later(a.lastOccurredAt(), b.lastOccurredAt())));
    }

    int partition() {
        return partition;
    }

    long records() {
        return records;
    }

    Instant minTimestamp() {
        return minTimestamp;
    }

    Instant maxTimestamp() {
        return maxTimestamp;
    }

    Collection<AccountRange> accounts() {
        return accounts.values();
    }

    /** The finished file; {@link #close} first. */
    InputStream open() throws IOException {
        return Files.newInputStream(file);
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            writer.close(); // flushes the last block and closes out
            out.close();
        }
    }

    void delete() throws IOException {
        close();
        Files.deleteIfExists(file);
    }

    private static Instant earlier(final Instant a, final Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant later(final Instant a, final Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
