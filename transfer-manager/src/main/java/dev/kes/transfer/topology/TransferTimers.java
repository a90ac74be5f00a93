package dev.kes.transfer.topology;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The transfer processor's timers, in the {@value TransferTopology#TIMERS_STORE} store keyed by due time then
 * transferId, so that finding the due ones reads only those (the store iterates in key order). A state store, not
 * memory: a timer survives restarts and moves with its task, committed with the step that armed it.
 */
final class TransferTimers {
    /** What a timer does when it is due. */
    enum Kind {
        /** Send the pending transfer's follow-up again, and arm the next one. */
        RESEND,
        /** Remove the finished transfer from the store. */
        FORGET
    }

    /** A due timer: its key in the store, its transfer and kind. */
    record Timer(String key, String transferId, Kind kind) {}

    private static final int DUE_DIGITS = 19;

    private final KeyValueStore<String, String> store;

    TransferTimers(final KeyValueStore<String, String> store) {
        this.store = store;
    }

    void arm(final String transferId, final long dueMs, final Kind kind) {
        store.put(key(dueMs, transferId), kind.name());
    }

    /** Up to {@code limit} timers due at {@code nowMs}, earliest first; they stay armed until {@link #remove}d. */
    List<Timer> due(final long nowMs, final int limit) {
        final List<Timer> due = new ArrayList<>();
        try (KeyValueIterator<String, String> all = store.all()) {
            while (due.size() < limit && all.hasNext()) {
                final KeyValue<String, String> entry = all.next();
                if (Long.parseLong(entry.key.substring(0, DUE_DIGITS)) > nowMs) {
                    break;
                }
                due.add(new Timer(entry.key, entry.key.substring(DUE_DIGITS + 1), Kind.valueOf(entry.value)));
            }
        }
        return due;
    }

    void remove(final Timer timer) {
        store.delete(timer.key());
    }

    boolean isEmpty() {
        try (KeyValueIterator<String, String> all = store.all()) {
            return !all.hasNext();
        }
    }

    /** Zero-padded, so that the keys' order is the due times' order. */
    static String key(final long dueMs, final String transferId) {
        return String.format("%0" + DUE_DIGITS + "d", Math.max(0L, dueMs)) + ' ' + transferId;
    }
}
