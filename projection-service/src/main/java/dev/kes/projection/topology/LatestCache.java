package dev.kes.projection.topology;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each read model last applied, for the accounts of one task that had events lately: one entry per account with
 * a slot per read model, least recently used accounts dropping out beyond the capacity; their next event reads the
 * stores again.
 *
 * <p>Why: finding the latest entry of an account in the history, month and event stores is a reverse range scan, a
 * RocksDB iterator per event and store. One entry for all models rather than one map per model, because the lookups
 * of a replay miss the CPU caches (10 000 accounts), so one lookup an event instead of four counts. The cache holds
 * exactly what the store would answer, because the projector is the stores' only writer and each applied entry is
 * the account's greatest key. It is cleared whenever the task (re)initialises, since the stores may then have been
 * restored to an older state from their changelogs. Not thread-safe: one per task, used by its stream thread only.
 */
final class LatestCache {
    private final int capacity;
    private final int models;
    private final Map<String, Object[]> entries;

    LatestCache(final int capacity, final int models) {
        this.capacity = capacity;
        this.models = models;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<String, Object[]> eldest) {
                return size() > LatestCache.this.capacity;
            }
        };
    }

    /**
     * The account's slots, one per model: a null slot is unknown (ask the store); what is put into a slot stays
     * while the account stays cached. With capacity 0 every call gives fresh empty slots.
     */
    Object[] slots(final String accountId) {
        if (capacity == 0) {
            return new Object[models];
        }
        return entries.computeIfAbsent(accountId, id -> new Object[models]);
    }

    void clear() {
        entries.clear();
    }

    int size() {
        return entries.size();
    }
}
