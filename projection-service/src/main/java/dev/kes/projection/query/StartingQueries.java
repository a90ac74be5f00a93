package dev.kes.projection.query;

import java.time.Instant;
import java.util.Optional;

/**
 * Queries before the Streams application exists: the HTTP server must bind first because its port is the
 * {@code application.server} Kafka Streams advertises, so for that moment every query is a 503.
 */
public final class StartingQueries implements AccountQueries {
    private final StartingDelegate<AccountQueries> delegate = new StartingDelegate<>();

    public void attach(final AccountQueries queries) {
        delegate.attach(queries);
    }

    private AccountQueries current() {
        return delegate.current();
    }

    @Override
    public Placement placement(final String accountId) {
        return current().placement(accountId);
    }

    @Override
    public Placement transferPlacement(final String transferId) {
        return current().transferPlacement(transferId);
    }

    @Override
    public Optional<TransferResponse> transfer(final Placement transfer) {
        return current().transfer(transfer);
    }

    @Override
    public String self() {
        return current().self();
    }

    @Override
    public long appliedVersion(final Placement account) {
        return current().appliedVersion(account);
    }

    @Override
    public Optional<AccountResponse> account(final Placement account) {
        return current().account(account);
    }

    @Override
    public Optional<BalanceAtResponse> balanceAt(final Placement account, final Instant at) {
        return current().balanceAt(account, at);
    }

    @Override
    public MonthlyHistory monthlyHistory(final Placement account, final int year) {
        return current().monthlyHistory(account, year);
    }

    @Override
    public EventsResponse events(final Placement account, final long fromVersion, final int limit) {
        return current().events(account, fromVersion, limit);
    }
}
