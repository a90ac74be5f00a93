package dev.kes.projection.http;

import dev.kes.projection.query.AccountQueries;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Instant;

/**
 * {@code GET /accounts/{id}/balance?at=}: the balance and version after the account's last event at or before
 * {@code at}; 404 {@code not-open-at-instant} before the account opened, {@code account-not-found} if it never did.
 */
final class BalanceAtHandler implements Handler {
    private final AccountQueries queries;
    private final AccountRouting routing;

    BalanceAtHandler(final AccountQueries queries, final AccountRouting routing) {
        this.queries = queries;
        this.routing = routing;
    }

    @Override
    public void handle(final Context ctx) throws InterruptedException {
        final String id = AccountRouting.accountId(ctx);
        final Instant at = QueryParams.requiredInstant(ctx, "at");
        routing.serve(
                ctx,
                id,
                account -> ctx.json(queries.balanceAt(account, at)
                        .orElseThrow(() -> queries.account(account).isPresent()
                                ? NotFound.notOpenAt(id, at.toString())
                                : NotFound.account(id))));
    }
}
