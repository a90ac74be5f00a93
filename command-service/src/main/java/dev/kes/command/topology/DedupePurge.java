package dev.kes.command.topology;

import dev.kes.schemas.command.CreditTransfer;
import dev.kes.schemas.command.RefundTransfer;
import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.serde.AvroCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Forgets command ids older than the dedupe window, a bounded slice of the store at a time: each call looks at up to
 * {@code batch} entries after where the previous call stopped, and starts over at the first key once it reaches the
 * end. So a call costs the same however large the store is, and an entry is removed within one full pass after it
 * expires (store size / batch calls).
 *
 * <p>Why not one scan of the whole store every few minutes: it stalls the stream thread, and the commands of its
 * partitions, for as long as decoding every remembered result takes, which grows with the window's traffic.
 *
 * <p>After a full pass it rests until the oldest id it kept, or one written since the pass began, can expire: until
 * then nothing can, and looking would only decode results for nothing. A transfer's follow-ups never expire
 * ({@link #KEPT_FOREVER}). Not thread-safe: one per processor (stream task).
 */
final class DedupePurge {
    /**
     * A transfer's follow-ups are remembered for good: a process manager replayed from the start (a reset, a new
     * application.id) sends a years-old credit again, and only its remembered id keeps it from paying twice.
     */
    private static final Set<String> KEPT_FOREVER = Set.of(
            CreditTransfer.getClassSchema().getName(),
            RefundTransfer.getClassSchema().getName());

    private final KeyValueStore<String, byte[]> store;
    private final AvroCodec codec;
    private final Duration window;
    private final int batch;
    /** The last key looked at, or null to start at the first. Kept in memory: after a restart a pass starts over. */
    private String cursor;
    /**
     * The oldest processedAt the current pass kept, starting at the time the pass began: ids written during the pass,
     * behind the cursor, were processed after that.
     */
    private Instant oldestKept;
    /** No id can expire before this, as far as the last full pass knows; null before the first pass ends. */
    private Instant restUntil;

    DedupePurge(
            final KeyValueStore<String, byte[]> store, final AvroCodec codec, final Duration window, final int batch) {
        this.store = store;
        this.codec = codec;
        this.window = window;
        this.batch = batch;
    }

    /** Whether this remembered outcome is a transfer follow-up's, which never expires. */
    static boolean keptForever(final CommandResult result) {
        return KEPT_FOREVER.contains(result.getCommandType());
    }

    /** @return how many expired entries this call removed */
    int purge(final Instant now) {
        if (restUntil != null && now.isBefore(restUntil)) {
            return 0;
        }
        if (cursor == null) {
            oldestKept = now;
        }
        final Instant cutoff = now.minus(window);
        final List<String> expired = new ArrayList<>();
        int seen = 0;
        String last = null;
        try (KeyValueIterator<String, byte[]> slice = cursor == null ? store.all() : store.range(cursor, null)) {
            while (seen < batch && slice.hasNext()) {
                final KeyValue<String, byte[]> entry = slice.next();
                last = entry.key;
                if (entry.key.equals(cursor)) {
                    continue; // the range starts at the previous call's last key, already looked at
                }
                seen++;
                final CommandResult result = codec.decode(entry.value, CommandResult.class);
                if (keptForever(result)) {
                    continue;
                }
                final Instant processedAt = result.getProcessedAt();
                if (processedAt.isBefore(cutoff)) {
                    expired.add(entry.key);
                } else if (processedAt.isBefore(oldestKept)) {
                    oldestKept = processedAt;
                }
            }
            cursor = slice.hasNext() ? last : null;
        }
        restUntil = cursor == null ? oldestKept.plus(window) : null;
        expired.forEach(store::delete);
        return expired.size();
    }
}
