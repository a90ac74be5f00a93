package dev.kes.projection.query;

import dev.kes.service.http.Problem;

/**
 * Queries before the Streams application exists: the HTTP server must bind first because its port is the
 * {@code application.server} Kafka Streams advertises, so for that moment every query is a 503.
 */
public final class StartingQueries implements AccountQueries {
    private volatile AccountQueries delegate;

    public void attach(final AccountQueries queries) {
        this.delegate = queries;
    }

    @Override
    public QueryAnswer<AccountResponse> account(final String accountId, final boolean forwarded) {
        final AccountQueries current = delegate;
        if (current == null) {
            throw Problem.of(503, "projection-unavailable", "Projection not available", "the projection is starting")
                    .exception();
        }
        return current.account(accountId, forwarded);
    }
}
