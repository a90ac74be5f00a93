package dev.kes.projection.http;

import dev.kes.projection.query.AccountQueries;
import dev.kes.projection.query.AccountResponse;
import dev.kes.service.http.EntityTags;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * {@code GET /accounts/{id}}: the current view, with ETag = version; 304 when If-None-Match matches it (RFC 9110:
 * {@code *}, a list, weak tags).
 */
final class AccountHandler implements Handler {
    private final AccountQueries queries;
    private final AccountRouting routing;

    AccountHandler(final AccountQueries queries, final AccountRouting routing) {
        this.queries = queries;
        this.routing = routing;
    }

    @Override
    public void handle(final Context ctx) throws InterruptedException {
        final String id = AccountRouting.accountId(ctx);
        routing.serve(ctx, id, at -> {
            final AccountResponse account = queries.account(at).orElseThrow(() -> NotFound.account(id));
            final String etag = "\"" + account.version() + "\"";
            ctx.header("ETag", etag);
            if (EntityTags.noneMatchHit(ctx, etag)) {
                ctx.status(304);
                return;
            }
            ctx.json(account);
        });
    }
}
