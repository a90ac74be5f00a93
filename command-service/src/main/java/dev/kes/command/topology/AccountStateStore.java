package dev.kes.command.topology;

import dev.kes.domain.Account;
import dev.kes.schemas.serde.AvroSerdes;
import dev.kes.schemas.state.AccountSnapshot;
import dev.kes.service.mapping.SnapshotMapping;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * The account-state store of {@code account.state.store=internal-api} (the default): the accounts of one task held
 * as domain objects in front of the logged, uncached RocksDB store whose changelog is the snapshot topic. A written
 * account is encoded once per commit, as a snapshot in the commit's transaction.
 *
 * <p>Kafka Streams calls {@link #flushCache()} on every {@link CachedStateStore} of a task before it flushes the
 * producer and commits; there is no public hook at that point, hence this internal interface, the version check in
 * {@link TestedStreamsVersion} and ADR 0013. The first store a thread flushes writes the accounts of all the stores
 * that thread wrote, so a commit waits for one produce round trip rather than one per task: the tasks of a thread
 * share one producer and transaction (exactly_once_v2), and a commit takes every task that processed anything. An
 * aborted transaction takes its task down with its stores ({@link #close()} drops what was not committed and hands
 * back to the others what it had sent for them); {@link #clearCache()} (a task recycled between active and standby)
 * drops everything held. Clean accounts beyond {@code maxEntries} are forgotten, least recently used first. Not
 * thread-safe: one per task, used by its stream thread only.
 */
public final class AccountStateStore implements StateStore, CachedStateStore<String, Account> {
    private final KeyValueStore<String, AccountSnapshot> logged;
    private final int maxEntries;
    private final Function<AccountSnapshot, Account> toDomain;
    /** The open stores of every task of this topology, whichever stream thread owns them. */
    private final Set<AccountStateStore> siblings;
    /** The stream thread that writes this store (a task's store has one in its life); only it may flush it. */
    private volatile Thread owner;

    private final LinkedHashMap<String, Slot> slots = new LinkedHashMap<>(1024, 0.75f, true);
    private final List<Slot> written = new ArrayList<>();
    /** Accounts a sibling's flush sent since this store's own last flush (see {@link #close()}). */
    private final List<Slot> sentBySibling = new ArrayList<>();

    private static final class Slot {
        private final String accountId;
        private Account account;
        private boolean written;

        Slot(final String accountId, final Account account) {
            this.accountId = accountId;
            this.account = account;
        }
    }

    AccountStateStore(
            final KeyValueStore<String, AccountSnapshot> logged,
            final int maxEntries,
            final Function<AccountSnapshot, Account> toDomain,
            final Set<AccountStateStore> siblings) {
        this.logged = logged;
        this.maxEntries = maxEntries;
        this.toDomain = toDomain;
        this.siblings = siblings;
    }

    /**
     * The builder the topology adds: a persistent, logged, uncached store of Avro snapshots with this in front.
     * Refuses a Kafka Streams version this store was not tested with.
     */
    static StoreBuilder<AccountStateStore> builder(
            final Map<String, String> changelogConfigs,
            final int maxEntries,
            final Function<AccountSnapshot, Account> toDomain) {
        TestedStreamsVersion.require(TestedStreamsVersion.running());
        return new Builder(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(StoreNames.ACCOUNT_STATE),
                                Serdes.String(),
                                AvroSerdes.of(AccountSnapshot.class))
                        .withCachingDisabled()
                        .withLoggingEnabled(changelogConfigs),
                DecodedAccounts.checkedSize(maxEntries),
                toDomain,
                ConcurrentHashMap.newKeySet());
    }

    /** How a command processor reaches this store of its task. */
    static AccountState access() {
        return new AccountState() {
            private AccountStateStore store;

            @Override
            public void open(final ProcessorContext<?, ?> context) {
                store = context.getStateStore(StoreNames.ACCOUNT_STATE);
            }

            @Override
            public void close() {
                store = null;
            }

            @Override
            public Account get(final String accountId) {
                return store.get(accountId);
            }

            @Override
            public void put(final String accountId, final Account account) {
                store.put(accountId, account);
            }
        };
    }

    /** The account as of the last {@link #put}, or its committed snapshot, or null if it never existed. */
    public Account get(final String accountId) {
        final Slot slot = slots.get(accountId);
        if (slot != null) {
            return slot.account;
        }
        final AccountSnapshot snapshot = logged.get(accountId);
        if (snapshot == null) {
            return null;
        }
        final Account account = toDomain.apply(snapshot);
        slots.put(accountId, new Slot(accountId, account));
        return account;
    }

    public void put(final String accountId, final Account account) {
        Slot slot = slots.get(accountId);
        if (slot == null) {
            slot = new Slot(accountId, account);
            slots.put(accountId, slot);
        } else {
            slot.account = account;
        }
        if (!slot.written) {
            slot.written = true;
            written.add(slot);
            if (owner == null) {
                owner = Thread.currentThread();
            }
        }
    }

    /**
     * Writes the accounts put since the last flush to RocksDB and the changelog, one snapshot each: those of this
     * store and of every other store its stream thread writes.
     */
    @Override
    public void flushCache() {
        final Thread current = Thread.currentThread();
        for (final AccountStateStore sibling : siblings) {
            if (sibling != this && sibling.owner == current && !sibling.written.isEmpty()) {
                sibling.send(true);
            }
        }
        send(false);
        // this store's own flush: what the others sent for it went into this same transaction
        sentBySibling.clear();
        final Iterator<Slot> eldestFirst = slots.values().iterator();
        while (slots.size() > maxEntries && eldestFirst.hasNext()) {
            if (!eldestFirst.next().written) {
                eldestFirst.remove();
            }
        }
    }

    private void send(final boolean bySibling) {
        for (final Slot slot : written) {
            logged.put(slot.accountId, SnapshotMapping.toAvro(slot.account));
            slot.written = false;
            if (bySibling) {
                sentBySibling.add(slot);
            }
        }
        written.clear();
    }

    /**
     * Marks what a sibling sent for this store as written again: a task closing dirty aborts the thread's
     * transaction, possibly after its flush sent other tasks' accounts into it, and those tasks may live on.
     */
    private void sendAgainWhatSiblingsSent() {
        for (final Slot slot : sentBySibling) {
            if (!slot.written) {
                slot.written = true;
                written.add(slot);
            }
        }
        sentBySibling.clear();
    }

    @Override
    public void clearCache() {
        slots.clear();
        written.clear();
        sentBySibling.clear();
    }

    /** Nothing is forwarded downstream on a flush: this is not a KTable's cache. */
    @Override
    public boolean setFlushListener(final CacheFlushListener<String, Account> listener, final boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return logged.name();
    }

    @Override
    public void init(final StateStoreContext context, final StateStore root) {
        logged.init(context, root);
        siblings.add(this);
    }

    @Override
    public void commit(final Map<TopicPartition, Long> changelogOffsets) {
        logged.commit(changelogOffsets);
    }

    @Override
    public boolean managesOffsets() {
        return logged.managesOffsets();
    }

    @Override
    public Long committedOffset(final TopicPartition partition) {
        return logged.committedOffset(partition);
    }

    @Override
    public void close() {
        siblings.remove(this);
        final Thread current = Thread.currentThread();
        for (final AccountStateStore sibling : siblings) {
            if (sibling.owner == current) {
                sibling.sendAgainWhatSiblingsSent();
            }
        }
        clearCache();
        logged.close();
    }

    @Override
    public boolean persistent() {
        return logged.persistent();
    }

    @Override
    public boolean isOpen() {
        return logged.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(final Query<R> query, final PositionBound positionBound, final QueryConfig config) {
        return logged.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return logged.getPosition();
    }

    @Override
    public long approximateNumUncommittedBytes() {
        return logged.approximateNumUncommittedBytes();
    }

    private record Builder(
            StoreBuilder<KeyValueStore<String, AccountSnapshot>> logged,
            int maxEntries,
            Function<AccountSnapshot, Account> toDomain,
            Set<AccountStateStore> siblings)
            implements StoreBuilder<AccountStateStore> {
        @Override
        public StoreBuilder<AccountStateStore> withCachingEnabled() {
            throw new UnsupportedOperationException("account-state has its own cache of accounts");
        }

        @Override
        public StoreBuilder<AccountStateStore> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<AccountStateStore> withLoggingEnabled(final Map<String, String> config) {
            return new Builder(logged.withLoggingEnabled(config), maxEntries, toDomain, siblings);
        }

        @Override
        public StoreBuilder<AccountStateStore> withLoggingDisabled() {
            throw new UnsupportedOperationException("account-state's changelog is the snapshot topic");
        }

        @Override
        public AccountStateStore build() {
            return new AccountStateStore(logged.build(), maxEntries, toDomain, siblings);
        }

        @Override
        public Map<String, String> logConfig() {
            return logged.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return logged.loggingEnabled();
        }

        @Override
        public String name() {
            return logged.name();
        }
    }
}
