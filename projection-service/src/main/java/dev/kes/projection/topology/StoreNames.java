package dev.kes.projection.topology;

/**
 * Names of the projection's state stores, shared by the topology, the query layer and the tests. All four are
 * keyed by account and live in the same task, so the partition of {@code accountId} (String serializer,
 * default partitioner) locates every one of them.
 */
public final class StoreNames {
    /** accountId → Avro AccountView: the current balance and status of each account. */
    public static final String BALANCES = "balances";
    /** {@link dev.kes.projection.store.HistoryKey} → Avro BalanceHistoryEntry: the balance after each event. */
    public static final String BALANCE_HISTORY = "balance-history";
    /** {@link dev.kes.projection.store.MonthKey} → Avro MonthlySnapshot: one entry per account and month with events. */
    public static final String MONTHLY_SNAPSHOTS = "monthly-snapshots";
    /** {@link dev.kes.projection.store.EventKey} → the event's original bytes (Avro single-object encoding). */
    public static final String EVENT_INDEX = "event-index";

    private StoreNames() {
    }
}
