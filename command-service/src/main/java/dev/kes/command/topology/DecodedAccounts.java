package dev.kes.command.topology;

import dev.kes.domain.Account;
import dev.kes.schemas.state.AccountSnapshot;
import dev.kes.service.mapping.SnapshotMapping;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The accounts of one stream task as its command processor sees them: domain objects, read through a bounded map of
 * the most recently used ones in front of the task's account-state store. Every {@link #put} writes the store too, so
 * the map only ever holds what the store holds; the store's own record cache turns the puts between two commits into
 * one snapshot per changed account on the changelog. Whenever Kafka Streams may have rolled the store back (a task
 * closed dirty and revived, suspended and resumed, recycled), it closes and re-initialises the processor, and the
 * map is dropped then. Not thread-safe: one per processor, used by its stream thread only (ADR 0012, ADR 0013).
 */
final class DecodedAccounts {
    private final Function<AccountSnapshot, Account> toDomain;
    private final Map<String, Account> recent;
    private KeyValueStore<String, AccountSnapshot> store;

    /**
     * @param maxEntries accounts kept decoded, least recently used forgotten first; 0 decodes on every read
     * @param toDomain   how a stored snapshot becomes an account (the tests count the decodes through it)
     */
    DecodedAccounts(final int maxEntries, final Function<AccountSnapshot, Account> toDomain) {
        this.toDomain = toDomain;
        this.recent = new LinkedHashMap<>(Math.min(maxEntries, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<String, Account> eldest) {
                return size() > maxEntries;
            }
        };
    }

    static int checkedSize(final int maxEntries) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("account.cache.entries must be 0 or more, not " + maxEntries);
        }
        return maxEntries;
    }

    /** Reads the task's account-state store from now on, with nothing decoded yet. */
    void open(final ProcessorContext<?, ?> context) {
        recent.clear();
        store = context.getStateStore(StoreNames.ACCOUNT_STATE);
    }

    void close() {
        recent.clear();
        store = null;
    }

    /** The account as last put, or as stored, or null if it never existed. */
    Account get(final String accountId) {
        final Account held = recent.get(accountId);
        if (held != null) {
            return held;
        }
        final AccountSnapshot snapshot = store.get(accountId);
        if (snapshot == null) {
            return null;
        }
        final Account account = toDomain.apply(snapshot);
        recent.put(accountId, account);
        return account;
    }

    /** Writes the account to the store (encoding it) and keeps it decoded; the store first, in case that throws. */
    void put(final String accountId, final Account account) {
        store.put(accountId, SnapshotMapping.toAvro(account));
        recent.put(accountId, account);
    }

    /** How many accounts are held decoded. */
    int held() {
        return recent.size();
    }
}
