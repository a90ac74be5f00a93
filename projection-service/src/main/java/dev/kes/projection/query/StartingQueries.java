package dev.kes.projection.query;

import dev.kes.service.http.Problem;

import java.time.Instant;
import java.util.Optional;

/**
 * Queries before the Streams application exists: the HTTP server must bind first because its port is the
 * {@code application.server} Kafka Streams advertises, so for that moment every query is a 503.
 */
public final class StartingQueries implements AccountQueries {
    private volatile AccountQueries delegate;

    public void attach(final AccountQueries queries) {
        this.delegate = queries;
    }

    private AccountQueries current() {
        final AccountQueries current = delegate;
        if (current == null) {
            throw Problem.of(503, "projection-unavailable", "Projection not available", "the projection is starting")
                    .exception();
        }
        return current;
    }

    @Override
    public Placement placement(final String accountId) {
        return current().placement(accountId);
    }

    @Override
    public String self() {
        return current().self();
    }

    @Override
    public long appliedVersion(final String accountId) {
        return current().appliedVersion(accountId);
    }

    @Override
    public Optional<AccountResponse> account(final String accountId) {
        return current().account(accountId);
    }

    @Override
    public Optional<BalanceAtResponse> balanceAt(final String accountId, final Instant at) {
        return current().balanceAt(accountId, at);
    }

    @Override
    public MonthlyHistory monthlyHistory(final String accountId, final int year) {
        return current().monthlyHistory(accountId, year);
    }

    @Override
    public EventsResponse events(final String accountId, final long fromVersion, final int limit) {
        return current().events(accountId, fromVersion, limit);
    }
}
