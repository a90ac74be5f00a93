package dev.kes.command.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.domain.Account;
import dev.kes.domain.AccountStatus;
import dev.kes.schemas.serde.AvroSerdes;
import dev.kes.schemas.state.AccountSnapshot;
import dev.kes.service.mapping.SnapshotMapping;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Accounts written to the store reach the store underneath (and so the snapshot topic) only when Kafka Streams
 * flushes it before a commit, once each however often they were written; what was never flushed is dropped. That
 * Kafka Streams does flush it before each commit, in the commit's transaction, is {@link SnapshotsPerCommitTest}'s.
 */
class AccountStateStoreTest {
    private static final Instant OPENED = Instant.parse("2026-05-01T12:00:00Z");
    private final Set<AccountStateStore> siblings = ConcurrentHashMap.newKeySet();
    private KeyValueStore<String, AccountSnapshot> logged;
    private AccountStateStore store;

    @BeforeEach
    void open() {
        logged = inMemory();
        store = open(logged);
    }

    @AfterEach
    void close() {
        List.copyOf(siblings).forEach(AccountStateStore::close);
    }

    private AccountStateStore open(final KeyValueStore<String, AccountSnapshot> underneath) {
        final AccountStateStore opened = new AccountStateStore(underneath, 2, SnapshotMapping::toDomain, siblings);
        opened.init(new MockProcessorContext<>().getStateStoreContext(), opened);
        return opened;
    }

    private static KeyValueStore<String, AccountSnapshot> inMemory() {
        return Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(StoreNames.ACCOUNT_STATE),
                        Serdes.String(),
                        AvroSerdes.of(AccountSnapshot.class))
                .withLoggingDisabled()
                .build();
    }

    @Test
    void writesReachTheStoreUnderneathOncePerFlushAsTheLatestSnapshot() {
        store.put("acc-1", account("acc-1", 1, "10.00"));
        store.put("acc-1", account("acc-1", 2, "15.00"));

        assertThat(store.get("acc-1").version()).isEqualTo(2);
        assertThat(logged.get("acc-1")).isNull();

        store.flushCache();

        assertThat(logged.get("acc-1")).isEqualTo(SnapshotMapping.toAvro(account("acc-1", 2, "15.00")));
        logged.delete("acc-1");
        store.flushCache();
        assertThat(logged.get("acc-1"))
                .as("written once, not again at the next flush")
                .isNull();
    }

    @Test
    void theFirstFlushOfACommitWritesTheAccountsOfEveryStoreThisThreadWrote() throws InterruptedException {
        final KeyValueStore<String, AccountSnapshot> otherTaskLogged = inMemory();
        final AccountStateStore otherTask = open(otherTaskLogged);
        final KeyValueStore<String, AccountSnapshot> otherThreadLogged = inMemory();
        final AccountStateStore otherThread = open(otherThreadLogged);
        final Thread writer = new Thread(() -> otherThread.put("acc-3", account("acc-3", 1, "3.00")));
        writer.start();
        writer.join();
        otherTask.put("acc-2", account("acc-2", 1, "2.00"));
        store.put("acc-1", account("acc-1", 1, "1.00"));

        store.flushCache();

        assertThat(logged.get("acc-1")).isNotNull();
        assertThat(otherTaskLogged.get("acc-2"))
                .as("another task of this thread: same transaction")
                .isNotNull();
        assertThat(otherThreadLogged.get("acc-3"))
                .as("another thread's: its own transaction")
                .isNull();
        otherTaskLogged.delete("acc-2");
        otherTask.flushCache();
        assertThat(otherTaskLogged.get("acc-2"))
                .as("already written, not again")
                .isNull();
    }

    @Test
    void whatAFlushSentForAnotherTaskIsSentAgainWhenATaskClosesBeforeThatTasksOwnFlush() {
        final KeyValueStore<String, AccountSnapshot> otherTaskLogged = inMemory();
        final AccountStateStore otherTask = open(otherTaskLogged);
        otherTask.put("acc-2", account("acc-2", 1, "2.00"));
        final AccountStateStore closing = open(inMemory());
        closing.put("acc-1", account("acc-1", 1, "1.00"));

        closing.flushCache(); // a task about to close dirty: its flush sends the other task's account too
        assertThat(otherTaskLogged.get("acc-2")).isNotNull();
        otherTaskLogged.delete("acc-2"); // the closing task's abort took that snapshot back
        closing.close();
        otherTask.flushCache();

        assertThat(otherTaskLogged.get("acc-2"))
                .as("sent again, into the next transaction")
                .isNotNull();
    }

    @Test
    void aClosedStoreIsNoLongerFlushedByTheOthers() {
        final KeyValueStore<String, AccountSnapshot> closedLogged = inMemory();
        final AccountStateStore closed = open(closedLogged);
        closed.put("acc-2", account("acc-2", 1, "2.00"));
        closed.close();

        store.flushCache();

        assertThat(siblings).containsExactly(store);
    }

    @Test
    void readsAnAccountNotHeldFromTheStoreUnderneath() {
        logged.put("acc-9", SnapshotMapping.toAvro(account("acc-9", 7, "70.00")));

        assertThat(store.get("acc-9")).isEqualTo(account("acc-9", 7, "70.00"));
        assertThat(store.get("acc-unknown")).isNull();
    }

    @Test
    void forgetsTheLeastRecentlyUsedCleanAccountsBeyondItsSizeButNeverAnUnflushedOne() {
        for (int i = 1; i <= 4; i++) {
            store.put("acc-" + i, account("acc-" + i, 1, "1.00"));
        }
        assertThat(logged.approximateNumEntries()).isZero(); // four written, none lost, over the size of two

        store.get("acc-1"); // used last: kept
        store.flushCache();
        logged.put("acc-1", SnapshotMapping.toAvro(account("acc-1", 5, "5.00")));
        logged.put("acc-2", SnapshotMapping.toAvro(account("acc-2", 5, "5.00")));

        assertThat(store.get("acc-1").version()).as("still held").isEqualTo(1);
        assertThat(store.get("acc-2").version()).as("forgotten, read again").isEqualTo(5);
    }

    @Test
    void clearingOrClosingDropsWhatWasNotFlushed() {
        store.put("acc-1", account("acc-1", 1, "1.00"));
        store.clearCache();
        store.flushCache();
        assertThat(logged.get("acc-1")).isNull();
        assertThat(store.get("acc-1")).isNull();

        logged.put("acc-2", SnapshotMapping.toAvro(account("acc-2", 3, "3.00")));
        store.put("acc-2", account("acc-2", 4, "4.00"));
        store.clearCache();
        assertThat(store.get("acc-2").version())
                .as("the committed snapshot again")
                .isEqualTo(3);
    }

    private static Account account(final String id, final long version, final String balance) {
        return new Account(
                id, "Ada", new BigDecimal(balance), version, AccountStatus.OPEN, OPENED, OPENED.plusSeconds(version));
    }
}
