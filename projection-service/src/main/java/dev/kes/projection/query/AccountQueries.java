package dev.kes.projection.query;

import java.time.Instant;
import java.util.Optional;

/**
 * The read models as the HTTP layer sees them: where an account is served ({@link #owner}) and reads of this
 * instance's stores, so handlers never touch Kafka Streams. Reads answer from the local copy of the account's
 * partition; whether to forward to the owner first is the caller's decision (see {@link Owner}).
 * Every method may throw a 503 problem while the projection is not queryable (starting, rebalancing).
 */
public interface AccountQueries {
    /** The instance whose active task holds the account's partition. */
    Owner owner(String accountId);

    /** This instance, as {@code host:port}: what {@code X-Kes-Served-By} names. */
    String self();

    /** The current view of an account. */
    Optional<AccountResponse> account(String accountId);

    /** The balance and version after the account's last event at or before {@code at}; empty if none. */
    Optional<BalanceAtResponse> balanceAt(String accountId, Instant at);

    /** The account's stored months of {@code year} and the last stored month before it. */
    MonthlyHistory monthlyHistory(String accountId, int year);

    /** Up to {@code limit} events from {@code fromVersion} on, in version order; no account check. */
    EventsResponse events(String accountId, long fromVersion, int limit);
}
