package dev.kes.sql.db;

import dev.kes.sql.fold.AccountRow;
import dev.kes.sql.fold.MonthRow;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What this writer last committed for recently seen accounts (their {@code accounts} row and latest month), so that
 * a batch reads from the database only the accounts it has not seen. Valid only while this writer is the one that
 * writes their partitions: the applier clears it on every assignment and whenever a batch fails, and fills it only
 * after a commit. Least recently used accounts are dropped beyond the capacity.
 */
final class LatestCache {
    record Latest(AccountRow account, MonthRow month) {}

    private final Map<String, Latest> entries;

    LatestCache(final int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<String, Latest> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Latest get(final String accountId) {
        return entries.get(accountId);
    }

    synchronized void put(final String accountId, final Latest latest) {
        entries.put(accountId, latest);
    }

    synchronized void clear() {
        entries.clear();
    }
}
