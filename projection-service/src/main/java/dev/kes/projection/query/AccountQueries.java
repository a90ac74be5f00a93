package dev.kes.projection.query;

import java.time.Instant;
import java.util.Optional;

/**
 * The read models as the HTTP layer sees them: where an account is served ({@link #placement}) and reads of this
 * instance's stores, so handlers never touch Kafka Streams. Reads answer from the local copy of the account's
 * partition, active or standby; whether to ask another instance first is the caller's decision (see
 * {@link Placement}). Every method may throw a 503 problem while the projection is not queryable (starting,
 * shutting down) and every read does when this instance holds no copy of the partition.
 */
public interface AccountQueries {
    /** Which instances hold the account's partition, and whether this one can answer for it. */
    Placement placement(String accountId);

    /** This instance, as {@code host:port}: what {@code X-Kes-Served-By} names. */
    String self();

    /**
     * The highest version of the account that every read model of the local copy has applied (0 if none). On a
     * standby or restoring copy each store's changelog arrives on its own, so one store can be ahead of another.
     */
    long appliedVersion(String accountId);

    /** The current view of an account. */
    Optional<AccountResponse> account(String accountId);

    /** The balance and version after the account's last event at or before {@code at}; empty if none. */
    Optional<BalanceAtResponse> balanceAt(String accountId, Instant at);

    /** The account's stored months of {@code year} and the last stored month before it. */
    MonthlyHistory monthlyHistory(String accountId, int year);

    /** Up to {@code limit} events from {@code fromVersion} on, in version order; no account check. */
    EventsResponse events(String accountId, long fromVersion, int limit);
}
