package dev.kes.projection.http;

import dev.kes.projection.query.AccountQueries;
import dev.kes.projection.query.AccountResponse;
import dev.kes.projection.query.EventsResponse;
import dev.kes.projection.query.MonthResponse;
import dev.kes.projection.query.MonthlySnapshotsResponse;
import dev.kes.projection.query.MonthlyStatement;
import dev.kes.projection.query.TransferResponse;
import dev.kes.service.http.EntityTags;
import dev.kes.service.http.Problem;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The account and transfer queries: each validates its parameters, then answers from whichever copy {@link
 * AccountRouting} finds (DESIGN.md "HTTP contract").
 */
final class QueryHandlers {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    /** What the command service accepts as an Idempotency-Key, which is what a transferId is. */
    private static final Pattern TRANSFER_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private final AccountQueries queries;
    private final AccountRouting routing;
    private final Clock clock;

    /** @param clock decides the current UTC month (where this year's monthly snapshots end) */
    QueryHandlers(final AccountQueries queries, final AccountRouting routing, final Clock clock) {
        this.queries = queries;
        this.routing = routing;
        this.clock = clock;
    }

    /**
     * {@code GET /accounts/{id}}: the current view, with ETag = version; 304 when If-None-Match matches it (RFC 9110:
     * {@code *}, a list, weak tags).
     */
    void account(final Context ctx) throws InterruptedException {
        final String id = AccountRouting.accountId(ctx);
        routing.serve(ctx, id, at -> {
            final AccountResponse account = queries.account(at).orElseThrow(() -> NotFound.account(id));
            EntityTags.json(ctx, account.version(), account);
        });
    }

    /**
     * {@code GET /accounts/{id}/balance?at=}: the balance and version after the account's last event at or before
     * {@code at}; 404 {@code not-open-at-instant} before the account opened, {@code account-not-found} if it never did.
     */
    void balanceAt(final Context ctx) throws InterruptedException {
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

    /**
     * {@code GET /accounts/{id}/monthly-snapshots?year=}: each UTC month of the year from the opening month (or
     * January) to December, or to the current month this year; 404 {@code not-open-in-year} if the account opened
     * after that year, {@code account-not-found} if it does not exist; 400 for a year that is malformed or in the
     * future.
     */
    void monthlySnapshots(final Context ctx) throws InterruptedException {
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

    /**
     * {@code GET /accounts/{id}/events?fromVersion=&limit=}: the account's audit trail in version order, a page at a
     * time ({@code nextVersion} starts the next one); 404 for an unknown account.
     */
    void events(final Context ctx) throws InterruptedException {
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

    /**
     * {@code GET /transfers/{id}}: the transfer's state (PENDING, COMPLETED, or REFUNDED with the reason); 404
     * {@code transfer-not-found} for an id no debit has been seen of, 400 for one that cannot be a transferId. ETag =
     * the status, the only part of a transfer that changes once it is shown; 304 when If-None-Match matches it.
     */
    void transfer(final Context ctx) throws InterruptedException {
        final String id = ctx.pathParam("id");
        if (!TRANSFER_ID.matcher(id).matches()) {
            throw Problem.badRequest("transferId must be 1-128 visible ASCII characters")
                    .exception();
        }
        routing.serveTransfer(ctx, id, at -> {
            final TransferResponse transfer = queries.transfer(at).orElseThrow(() -> NotFound.transfer(id));
            EntityTags.json(ctx, transfer.status(), transfer);
        });
    }
}
