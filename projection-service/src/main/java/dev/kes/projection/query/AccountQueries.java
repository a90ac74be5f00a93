package dev.kes.projection.query;

import java.time.Instant;
import java.util.Optional;

/**
 * The read models as the HTTP layer sees them: where an account (or a transfer) is served ({@link #placement}) and reads of this
 * instance's stores, so handlers never touch Kafka Streams. A request asks for the placement once and passes it to
 * its reads. Reads answer from the local copy of the account's partition, active or standby; whether to ask another
 * instance first is the caller's decision (see {@link Placement}). {@link #placement} throws a 503 problem while the
 * projection is not queryable (starting, shutting down) or the partition's hosts are not known, and every read
 * throws {@link NoCopyHere} when this instance has no copy of the partition it can query.
 */
public interface AccountQueries {
    /** Which instances hold the account's partition; no store is read. */
    Placement placement(String accountId);

    /**
     * Which instances hold the transferId's partition of the transfers store (its {@link Placement#accountId} is the
     * transferId); no store is read.
     */
    Placement transferPlacement(String transferId);

    /** This instance, as {@code host:port}: what {@code X-Kes-Served-By} names. */
    String self();

    /**
     * The highest version of the account that every read model of the local copy has applied (0 if none). On a
     * standby or restoring copy each store's changelog arrives on its own, so one store can be ahead of another.
     */
    long appliedVersion(Placement account);

    /** The current view of an account. */
    Optional<AccountResponse> account(Placement account);

    /** The balance and version after the account's last event at or before {@code at}; empty if none. */
    Optional<BalanceAtResponse> balanceAt(Placement account, Instant at);

    /** The account's stored months of {@code year} and the last stored month before it. */
    MonthlyHistory monthlyHistory(Placement account, int year);

    /** The transfer's current view, at a placement from {@link #transferPlacement}. */
    Optional<TransferResponse> transfer(Placement transfer);

    /** Up to {@code limit} events from {@code fromVersion} on, in version order; no account check. */
    EventsResponse events(Placement account, long fromVersion, int limit);
}
