package dev.kes.projection.query;

import java.util.List;

/**
 * Where an account's partition lives, as this instance sees it at the start of a query. Instances are named
 * {@code host:port}, their advertised {@code application.server}. The reads of {@link AccountQueries} take it, so
 * that a request looks the partition up once ({@code queryMetadataForKey} is synchronized inside Kafka Streams).
 *
 * <p>It does not say whether this instance can read a copy of the partition: the read itself tells, by throwing
 * {@link NoCopyHere}. A separate check would cost a store query of its own, and could only be as current as the
 * read anyway.
 *
 * @param accountId the account (for the transfers store: the transferId, its key)
 * @param partition the partition that holds the account, in account-events and in every store (the transfer's, in the
 *                  transfers store)
 * @param self      this instance
 * @param active    the instance running the active task of the partition; null while that is not known
 * @param standbys  the instances holding a standby copy of the partition (this one included when it holds one)
 * @param settled   whether this instance's Kafka Streams is RUNNING: no rebalance, no restoration in progress
 */
public record Placement(
        String accountId, int partition, String self, String active, List<String> standbys, boolean settled) {
    public Placement {
        standbys = List.copyOf(standbys);
    }

    public boolean activeHere() {
        return self.equals(active);
    }

    /**
     * Whether this instance's copy, if a read finds one, is the up-to-date one: it runs the active task and is not
     * rebalancing. Any other copy (a standby, or any copy during a rebalance or restoration) may trail the latest
     * events.
     */
    public boolean authoritative() {
        return settled && activeHere();
    }

    /** The instances other than this one that hold a standby copy, in a stable order. */
    public List<String> remoteStandbys() {
        return standbys.stream().filter(host -> !host.equals(self)).sorted().toList();
    }
}
