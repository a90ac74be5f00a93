package dev.kes.admin.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.service.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * What one archive run holds, for cross-referencing without opening the Avro files: written last, so a run without
 * it is not a valid run (a crash before it leaves files nobody reads).
 *
 * @param formatVersion 1; a reader refuses a newer one
 * @param runDirectory  the run's directory, relative to the archive root
 * @param codec         the Avro container files' compression codec
 * @param partitions    one entry per partition that had records to archive, in partition order
 * @param accounts      one entry per account with archived events, by account id
 * @param undecodable   records archived (their bytes untouched) but of an unknown type or unreadable: they are in no
 *                      account's entry
 */
public record ArchiveManifest(
        int formatVersion,
        String topic,
        Instant cutoff,
        Instant created,
        String runDirectory,
        String codec,
        List<PartitionRange> partitions,
        List<AccountRange> accounts,
        long undecodable) {
    public static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = Json.mapper();

    public ArchiveManifest {
        partitions = partitions.stream()
                .sorted(Comparator.comparingInt(PartitionRange::partition))
                .toList();
        accounts = accounts.stream()
                .sorted(Comparator.comparing(AccountRange::accountId))
                .toList();
    }

    /**
     * @param toOffset     exclusive: the topic's records from {@code fromOffset} up to it were archived; the next run
     *                     starts there, and the topic is truncated below it
     * @param records      records in the file (committed records only; transaction markers and aborted records take
     *                     offsets but are not archived, so this can be less than toOffset - fromOffset)
     * @param minTimestamp smallest record timestamp in the file
     * @param maxTimestamp largest record timestamp in the file
     * @param file         the Avro file, relative to the archive root
     */
    public record PartitionRange(
            int partition,
            long fromOffset,
            long toOffset,
            long records,
            Instant minTimestamp,
            Instant maxTimestamp,
            String file) {}

    /**
     * One account's archived events in this run: they are all in one partition, versions firstVersion..lastVersion.
     */
    public record AccountRange(
            String accountId,
            int partition,
            long firstVersion,
            long lastVersion,
            long events,
            Instant firstOccurredAt,
            Instant lastOccurredAt) {}

    public byte[] toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the manifest as JSON", e);
        }
    }

    public static ArchiveManifest fromJson(final InputStream json) throws IOException {
        final ArchiveManifest manifest = JSON.readValue(json, ArchiveManifest.class);
        if (manifest.formatVersion() > FORMAT_VERSION) {
            throw new IOException("manifest format " + manifest.formatVersion() + " is newer than this es-admin reads ("
                    + FORMAT_VERSION + "); use a newer es-admin");
        }
        return manifest;
    }

    /** The manifest's entry for a partition, or null. */
    public PartitionRange partition(final int partition) {
        return partitions.stream()
                .filter(range -> range.partition() == partition)
                .findFirst()
                .orElse(null);
    }
}
