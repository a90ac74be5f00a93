package dev.kes.projection.topology;

/**
 * Names of the projection's state stores, shared by the topology, the query layer and the tests. The three account
 * stores are keyed by account and live in the same task, so the partition of {@code accountId} (String serializer,
 * default partitioner) locates every one of them; the transfer stores are keyed by transferId, partitioned the same
 * way through the {@link #TRANSFERS_BY_ID} repartition topic.
 */
public final class StoreNames {
    /** accountId → Avro AccountView: the current balance and status of each account. */
    public static final String BALANCES = "balances";
    /** {@link dev.kes.projection.store.MonthKey} → Avro MonthlySnapshot: one entry per account and month with events. */
    public static final String MONTHLY_SNAPSHOTS = "monthly-snapshots";
    /**
     * {@link dev.kes.projection.store.EventKey} → {@link dev.kes.projection.store.IndexRun}: per event, its original
     * bytes (Avro single-object encoding), the instant it is filed at and the balance after it; a bulk build files
     * runs of an account's events under the first one's key.
     */
    public static final String EVENT_INDEX = "event-index";
    /** transferId → Avro TransferView: each transfer whose debit has been seen, with its outcome once known. */
    public static final String TRANSFERS = "transfers";
    /**
     * transferId → Avro TransferView: a credit or refund seen before its debit (the debit's partition may trail),
     * kept until the debit arrives and merged into {@link #TRANSFERS} then; never queried.
     */
    public static final String EARLY_TRANSFER_OUTCOMES = "early-transfer-outcomes";
    /** The name of the repartition topic ({@code <application.id>-transfers-by-id-repartition}). */
    public static final String TRANSFERS_BY_ID = "transfers-by-id";

    private StoreNames() {}
}
