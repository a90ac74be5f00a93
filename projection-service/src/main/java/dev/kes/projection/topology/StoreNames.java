package dev.kes.projection.topology;

/** Names of the projection's state stores, shared by the topology, the query layer and the tests. */
public final class StoreNames {
    /** accountId → Avro AccountView: the current balance and status of each account. */
    public static final String BALANCES = "balances";

    private StoreNames() {
    }
}
