package dev.kes.projection.http;

import dev.kes.projection.query.AccountQueries;
import dev.kes.projection.query.MonthResponse;
import dev.kes.projection.query.MonthlySnapshotsResponse;
import dev.kes.projection.query.MonthlyStatement;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Clock;
import java.time.YearMonth;
import java.util.List;

/**
 * {@code GET /accounts/{id}/monthly-snapshots?year=}: each UTC month of the year from the opening month (or January)
 * to December, or to the current month this year; 404 {@code not-open-in-year} if the account opened after that
 * year, {@code account-not-found} if it does not exist; 400 for a year that is malformed or in the future.
 */
final class MonthlySnapshotsHandler implements Handler {
    private final AccountQueries queries;
    private final AccountRouting routing;
    private final Clock clock;

    MonthlySnapshotsHandler(final AccountQueries queries, final AccountRouting routing, final Clock clock) {
        this.queries = queries;
        this.routing = routing;
        this.clock = clock;
    }

    @Override
    public void handle(final Context ctx) throws InterruptedException {
        final String id = AccountRouting.accountId(ctx);
        final YearMonth now = YearMonth.now(clock);
        final int year = QueryParams.requiredYear(ctx, "year", now.getYear());
        routing.serve(ctx, id, at -> {
            final List<MonthResponse> months = MonthlyStatement.months(year, queries.monthlyHistory(at, year), now)
                    .orElseThrow(() ->
                            queries.account(at).isPresent() ? NotFound.notOpenIn(id, year) : NotFound.account(id));
            ctx.json(new MonthlySnapshotsResponse(id, year, months));
        });
    }
}
