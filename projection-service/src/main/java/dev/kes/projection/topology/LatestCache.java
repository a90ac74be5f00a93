package dev.kes.projection.topology;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one read model last applied, for the accounts of one task that had events lately: least recently used
 * accounts drop out beyond the capacity, and are read from the store again when their next event comes.
 *
 * <p>Why: finding the latest entry of an account in the history, month and event stores is a reverse range scan, a
 * RocksDB iterator per event and store, which was most of the store time of a replay. The cache holds exactly what
 * the store would answer, because the projector is the stores' only writer and each applied entry is the account's
 * greatest key. It is cleared whenever the task (re)initialises, since the stores may then have been restored to an
 * older state from their changelogs. Not thread-safe: one per task, used by its stream thread only.
 */
final class LatestCache<S> {
    private final int capacity;
    private final Map<String, S> entries;

    LatestCache(final int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<String, S> eldest) {
                return size() > LatestCache.this.capacity;
            }
        };
    }

    /** The cached latest, or null when unknown (not cached: ask the store). */
    S get(final String accountId) {
        return capacity == 0 ? null : entries.get(accountId);
    }

    void put(final String accountId, final S latest) {
        if (capacity > 0) {
            entries.put(accountId, latest);
        }
    }

    void clear() {
        entries.clear();
    }

    int size() {
        return entries.size();
    }
}
