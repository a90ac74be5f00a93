package dev.kes.projection.http;

import dev.kes.projection.query.AccountQueries;
import dev.kes.projection.query.TransferResponse;
import dev.kes.service.http.EntityTags;
import dev.kes.service.http.Problem;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.regex.Pattern;

/**
 * {@code GET /transfers/{id}}: the transfer's state (PENDING, COMPLETED, or REFUNDED with the reason); 404
 * {@code transfer-not-found} for an id no debit has been seen of, 400 for one that cannot be a transferId. ETag = the
 * status, the only part of a transfer that changes once it is shown; 304 when If-None-Match matches it.
 */
final class TransferHandler implements Handler {
    /** What the command service accepts as an Idempotency-Key, which is what a transferId is. */
    private static final Pattern TRANSFER_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private final AccountQueries queries;
    private final AccountRouting routing;

    TransferHandler(final AccountQueries queries, final AccountRouting routing) {
        this.queries = queries;
        this.routing = routing;
    }

    @Override
    public void handle(final Context ctx) throws InterruptedException {
        final String id = ctx.pathParam("id");
        if (!TRANSFER_ID.matcher(id).matches()) {
            throw Problem.badRequest("transferId must be 1-128 visible ASCII characters")
                    .exception();
        }
        routing.serveTransfer(ctx, id, at -> {
            final TransferResponse transfer = queries.transfer(at).orElseThrow(() -> NotFound.transfer(id));
            final String etag = "\"" + transfer.status() + "\"";
            ctx.header("ETag", etag);
            if (EntityTags.noneMatchHit(ctx, etag)) {
                ctx.status(304);
                return;
            }
            ctx.json(transfer);
        });
    }
}
