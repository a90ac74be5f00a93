package dev.kes.admin.snapshots;

import dev.kes.admin.kafka.OffsetRange;
import dev.kes.admin.kafka.TopicScan;
import dev.kes.command.topology.StoreNames;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.MalformedRecordException;
import dev.kes.schemas.serde.UnknownSchemaException;
import dev.kes.schemas.state.AccountSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The command service's snapshot of every account: the compacted changelog Kafka Streams keeps for the
 * account-state store, {@code <application.id>-account-state-changelog}. Key: the accountId as Kafka's String serde
 * writes it (UTF-8). Value: Avro {@link AccountSnapshot} in single-object encoding; null is a tombstone.
 */
public final class SnapshotChangelog {
    private SnapshotChangelog() {}

    public static String topic(final String applicationId) {
        return StoreNames.changelog(applicationId, StoreNames.ACCOUNT_STATE);
    }

    /** Reads the whole changelog, as a restore would: later records of a key replace earlier ones. */
    public static ChangelogContents read(final TopicScan scan, final String topic) {
        final AvroCodec codec = AvroCodec.shipped();
        final TreeMap<String, StoredSnapshot> latest = new TreeMap<>();
        final AtomicLong records = new AtomicLong();
        final List<OffsetRange> ranges = scan.scan(topic, null, record -> {
            records.incrementAndGet();
            if (record.key() == null) {
                return; // Kafka Streams never logs a null key; nothing a restore could load either
            }
            final String accountId = new String(record.key(), StandardCharsets.UTF_8);
            if (record.value() == null) {
                latest.remove(accountId);
                return;
            }
            try {
                final AccountSnapshot snapshot = codec.decode(record.value(), AccountSnapshot.class);
                latest.put(
                        accountId, new StoredSnapshot(accountId, record.partition(), record.offset(), snapshot, null));
            } catch (UnknownSchemaException | MalformedRecordException e) {
                latest.put(
                        accountId,
                        new StoredSnapshot(
                                accountId,
                                record.partition(),
                                record.offset(),
                                null,
                                e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        });
        return new ChangelogContents(topic, ranges.size(), latest, records.get());
    }
}
