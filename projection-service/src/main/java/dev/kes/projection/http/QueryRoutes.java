package dev.kes.projection.http;

import dev.kes.projection.query.AccountQueries;
import io.javalin.Javalin;

import java.time.Duration;

/** The query API's routes, all in one place (the contract is in DESIGN.md "HTTP contract"). */
public final class QueryRoutes {
    private QueryRoutes() {
    }

    public static void register(final Javalin app, final AccountQueries queries, final Duration positionWait) {
        final AccountHandlers accounts = new AccountHandlers(queries, positionWait);
        app.get("/accounts/{id}", accounts::account);
    }
}
