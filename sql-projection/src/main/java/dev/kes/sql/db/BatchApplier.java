package dev.kes.sql.db;

import dev.kes.client.events.BatchHandler;
import dev.kes.client.events.OffsetSource;
import dev.kes.client.events.SubscribedEvent;
import dev.kes.sql.fold.AccountRow;
import dev.kes.sql.fold.BatchFold;
import dev.kes.sql.fold.FoldCounts;
import dev.kes.sql.fold.MonthRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each batch of a subscription to the tables in ONE transaction that also moves each partition's next offset
 * in {@code kafka_offsets}, and tells the subscription where to start from those offsets: the tables hold exactly the
 * events before the stored offsets, whatever crashes.
 *
 * <p>Fencing: it remembers, per partition, the next offset it read from (from the database on assignment, then its
 * own commits). A batch first locks those partitions' offset rows and checks that they still hold that offset, and
 * moves them only from it; otherwise another instance has applied part of the partition meanwhile (a rebalance), and
 * the batch is rolled back with an {@link OffsetConflictException}, so nothing is applied twice.
 *
 * <p>Not thread-safe beyond what a subscription does: its poll thread calls {@link #nextOffsets} and {@link #handle}.
 */
public final class BatchApplier implements BatchHandler, OffsetSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchApplier.class);
    /** Accounts whose latest rows are kept in memory between batches (a few hundred bytes each). */
    private static final int CACHED_ACCOUNTS = 100_000;

    private final Database database;
    private final String topic;
    private final OffsetTable offsets;
    private final Map<Integer, Long> readFrom = new ConcurrentHashMap<>();
    private final FoldCounts totals = new FoldCounts();
    private final LatestCache cache = new LatestCache(CACHED_ACCOUNTS);
    private Connection connection;

    public BatchApplier(final Database database, final String topic) {
        this.database = database;
        this.topic = topic;
        this.offsets = new OffsetTable(topic);
    }

    /** The database's next offsets of the assigned partitions (0 for a partition it has none of). */
    @Override
    public Map<Integer, Long> nextOffsets(final Set<Integer> partitions) throws SQLException, OffsetConflictException {
        // another instance may have written these partitions' accounts since this one last did
        cache.clear();
        final Map<Integer, Long> next = inTransaction(connection -> offsets.read(connection, partitions));
        readFrom.putAll(next);
        LOG.info("{}: starting from the database's offsets {}", topic, next);
        return next;
    }

    @Override
    public void handle(final List<SubscribedEvent> batch) throws SQLException, OffsetConflictException {
        if (batch.isEmpty()) {
            return;
        }
        final Map<Integer, Long> expected = new TreeMap<>();
        final Map<Integer, Long> next = new TreeMap<>();
        final Set<String> accounts = new HashSet<>();
        for (final SubscribedEvent event : batch) {
            if (!expected.containsKey(event.partition())) {
                expected.put(event.partition(), expectedBefore(event));
            }
            next.put(event.partition(), event.offset() + 1);
            accounts.add(event.accountId());
        }
        final BatchFold fold;
        try {
            fold = inTransaction(connection -> {
                offsets.lockAndCheck(connection, expected);
                final BatchFold folded = fold(connection, accounts).applyAll(batch);
                ReadModelTables.insertLedger(connection, folded.ledger());
                ReadModelTables.upsertAccounts(connection, folded.accounts());
                ReadModelTables.upsertMonths(connection, folded.months());
                offsets.advance(connection, expected, next);
                return folded;
            });
        } catch (SQLException | OffsetConflictException | RuntimeException e) {
            cache.clear();
            throw e;
        }
        readFrom.putAll(next);
        for (final AccountRow account : fold.accounts()) {
            cache.put(account.id(), new LatestCache.Latest(account, fold.latestMonth(account.id())));
        }
        final FoldCounts counts = fold.counts();
        synchronized (totals) {
            totals.add(counts);
        }
    }

    /** A fold starting from the cached rows of the batch's accounts, and the database's rows of the others. */
    private BatchFold fold(final Connection connection, final Set<String> accounts) throws SQLException {
        final Map<String, AccountRow> rows = new HashMap<>();
        final Map<String, MonthRow> months = new HashMap<>();
        final Set<String> unseen = new HashSet<>();
        for (final String id : accounts) {
            final LatestCache.Latest latest = cache.get(id);
            if (latest == null) {
                unseen.add(id);
            } else {
                rows.put(id, latest.account());
                months.put(id, latest.month());
            }
        }
        if (!unseen.isEmpty()) {
            rows.putAll(ReadModelTables.accounts(connection, unseen));
            months.putAll(ReadModelTables.latestMonths(connection, unseen));
        }
        return new BatchFold(rows, months);
    }

    /** What was applied or skipped since this applier was made. */
    public FoldCounts totals() {
        synchronized (totals) {
            final FoldCounts copy = new FoldCounts();
            copy.add(totals);
            return copy;
        }
    }

    /**
     * The offset this writer read the partition from, which the database must still hold: a batch that starts before
     * it would apply events again.
     */
    private long expectedBefore(final SubscribedEvent first) throws OffsetConflictException {
        final Long from = readFrom.get(first.partition());
        if (from == null) {
            throw new OffsetConflictException(topic, first.partition(), "no offset was read for this partition");
        }
        if (first.offset() < from) {
            throw new OffsetConflictException(
                    topic,
                    first.partition(),
                    "the batch starts at offset " + first.offset() + ", before " + from + ", where this writer stands");
        }
        return from;
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException, OffsetConflictException;
    }

    /** Runs {@code work} in one transaction; rolls back on any failure, and reconnects after a database error. */
    private <T> T inTransaction(final Work<T> work) throws SQLException, OffsetConflictException {
        if (connection == null) {
            connection = database.connect();
        }
        boolean committed = false;
        try {
            final T result = work.run(connection);
            connection.commit();
            committed = true;
            return result;
        } finally {
            if (!committed) {
                rollbackOrDrop();
            }
        }
    }

    private void rollbackOrDrop() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback failed ({}); reconnecting for the next batch", e.getMessage());
            close();
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing the connection: {}", e.getMessage());
            }
            connection = null;
        }
    }
}
