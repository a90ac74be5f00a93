package dev.kes.admin.snapshots;

import dev.kes.admin.AdminException;
import dev.kes.admin.kafka.AdminCalls;
import dev.kes.admin.kafka.Clients;
import dev.kes.domain.Account;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.state.AccountSnapshot;
import dev.kes.service.mapping.SnapshotMapping;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Rewrites the snapshot changelog from the folded accounts: a new record for every account (or only for those that
 * differ), a tombstone for every snapshot of an account without events.
 *
 * <p>"Without events" means in the whole history: tombstones are written only from a {@link HistoryFold}, which
 * exists only when the archive and the topic together were read from offset 0 of every partition. An account whose
 * events were archived therefore keeps its snapshot; one with events but none that opens it (an anomaly) keeps its
 * snapshot as it is too.
 *
 * <p>Records are appended, never replacing the topic. An instance that keeps its local state restores from the last
 * changelog offset its store applied (kept inside the RocksDB store since Kafka Streams 4.4, KIP-1035; a
 * {@code .checkpoint} file before) to the changelog's end, so it reads the rebuilt records too; one restoring from
 * scratch ends with them as the latest value of each key. Deleting and recreating the topic instead would leave those
 * offsets pointing into a different log, and local state silently stale.
 *
 * <p>Each record goes to the partition whose task owns the account: where its current snapshot is, else the
 * partition Kafka's default partitioner gives the key, which is how account-commands, and so the tasks, are
 * partitioned (the changelog has as many partitions as account-commands).
 */
public final class SnapshotRebuild {
    /**
     * @param written snapshots written; unchanged: left as they were (with --changed-only); deleted: tombstones;
     *                unopened: snapshots of accounts with events that do not open them, left as they were
     */
    public record Outcome(int written, int unchanged, int deleted, int unopened) {}

    private SnapshotRebuild() {}

    /** The snapshot of every account of {@code history}; a tombstone for each snapshot of an account without events. */
    public static Outcome write(
            final Map<String, ?> kafka,
            final Duration timeout,
            final ChangelogContents current,
            final HistoryFold history,
            final boolean changedOnly) {
        final List<StoredSnapshot> orphans = new ArrayList<>();
        int unopened = 0;
        for (final StoredSnapshot stored : current.snapshots().values()) {
            if (history.hasEvents(stored.accountId())) {
                unopened += history.accounts().containsKey(stored.accountId()) ? 0 : 1;
            } else {
                orphans.add(stored);
            }
        }
        final Outcome outcome = write(kafka, timeout, current, history.accounts(), changedOnly, orphans);
        return new Outcome(outcome.written(), outcome.unchanged(), outcome.deleted(), unopened);
    }

    /**
     * The snapshot of every account of {@code accounts}, and no tombstone: for a changelog that holds no other
     * account's snapshot, or when the accounts' history is not known to be whole.
     */
    public static Outcome writeSnapshots(
            final Map<String, ?> kafka,
            final Duration timeout,
            final ChangelogContents current,
            final Map<String, Account> accounts,
            final boolean changedOnly) {
        return write(kafka, timeout, current, accounts, changedOnly, List.of());
    }

    private static Outcome write(
            final Map<String, ?> kafka,
            final Duration timeout,
            final ChangelogContents current,
            final Map<String, Account> accounts,
            final boolean changedOnly,
            final List<StoredSnapshot> orphans) {
        final AvroCodec codec = AvroCodec.shipped();
        final AtomicReference<Exception> failure = new AtomicReference<>();
        int written = 0;
        int unchanged = 0;
        int deleted = 0;
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(Clients.producer(kafka), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (final Map.Entry<String, Account> entry : accounts.entrySet()) {
                final StoredSnapshot existing = current.snapshots().get(entry.getKey());
                final AccountSnapshot rebuilt = SnapshotMapping.toAvro(entry.getValue());
                if (changedOnly
                        && existing != null
                        && existing.isReadable()
                        && SnapshotComparison.differences(rebuilt, existing.snapshot())
                                .isEmpty()) {
                    unchanged++;
                    continue;
                }
                send(producer, current, entry.getKey(), existing, codec.encode(rebuilt), failure);
                written++;
            }
            for (final StoredSnapshot orphan : orphans) {
                send(producer, current, orphan.accountId(), orphan, null, failure);
                deleted++;
            }
            producer.flush();
        } catch (KafkaException e) {
            failure.compareAndSet(null, e);
        }
        if (failure.get() != null) {
            throw new AdminException(
                    "writing the snapshots to " + current.topic() + " failed: "
                            + AdminCalls.describe(failure.get())
                            + ". Some accounts may have their rebuilt snapshot and others "
                            + "the old one: run rebuild-snapshots again before starting the command service.",
                    failure.get());
        }
        return new Outcome(written, unchanged, deleted, 0);
    }

    private static void send(
            final KafkaProducer<byte[], byte[]> producer,
            final ChangelogContents current,
            final String accountId,
            final StoredSnapshot existing,
            final byte[] value,
            final AtomicReference<Exception> failure) {
        final byte[] key = accountId.getBytes(StandardCharsets.UTF_8);
        final int partition = existing != null ? existing.partition() : partitionOf(key, current.partitions());
        producer.send(new ProducerRecord<>(current.topic(), partition, key, value), (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
        });
    }

    /** Kafka's default partitioner for a keyed record (murmur2 of the serialized key). */
    static int partitionOf(final byte[] key, final int partitions) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }
}
