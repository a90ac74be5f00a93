package dev.kes.projection.http;

import dev.kes.projection.query.AccountQueries;
import dev.kes.projection.query.EventsResponse;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * {@code GET /accounts/{id}/events?fromVersion=&limit=}: the account's audit trail in version order, a page at a
 * time ({@code nextVersion} starts the next one); 404 for an unknown account.
 */
final class EventsHandler implements Handler {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final AccountQueries queries;
    private final AccountRouting routing;

    EventsHandler(final AccountQueries queries, final AccountRouting routing) {
        this.queries = queries;
        this.routing = routing;
    }

    @Override
    public void handle(final Context ctx) throws InterruptedException {
        final String id = AccountRouting.accountId(ctx);
        final long fromVersion = QueryParams.number(ctx, "fromVersion", 1, 1, Long.MAX_VALUE);
        final int limit = (int) QueryParams.number(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        routing.serve(ctx, id, at -> {
            final EventsResponse page = queries.events(at, fromVersion, limit);
            if (page.events().isEmpty() && queries.account(at).isEmpty()) {
                throw NotFound.account(id);
            }
            ctx.json(page);
        });
    }
}
