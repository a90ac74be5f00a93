package dev.kes.projection.http;

import dev.kes.domain.AccountDecider;
import dev.kes.projection.query.AccountQueries;
import dev.kes.projection.query.AccountResponse;
import dev.kes.projection.query.QueryAnswer;
import dev.kes.projection.query.StreamsAccountQueries;
import dev.kes.service.http.Problem;
import dev.kes.service.kafka.ConsistencyToken;
import io.javalin.http.Context;

import java.time.Duration;
import java.util.Optional;

/** {@code GET /accounts/{id}}: the current view, with ETag = version and read-your-writes via ?position=. */
final class AccountHandlers {
    private static final Duration POLL = Duration.ofMillis(20);

    private final AccountQueries queries;
    private final Duration positionWait;

    AccountHandlers(final AccountQueries queries, final Duration positionWait) {
        this.queries = queries;
        this.positionWait = positionWait;
    }

    void account(final Context ctx) throws InterruptedException {
        final String id = ctx.pathParam("id");
        if (!AccountDecider.ACCOUNT_ID.matcher(id).matches()) {
            throw Problem.badRequest("accountId must be 1-64 characters of letters, digits, '.', '_' or '-'")
                    .exception();
        }
        final boolean forwarded = ctx.header(StreamsAccountQueries.FORWARDED_HEADER) != null;
        final long minVersion = minVersion(ctx, id);
        final long deadline = System.nanoTime() + positionWait.toNanos();
        QueryAnswer<AccountResponse> answer = queries.account(id, forwarded);
        while (version(answer) < minVersion) {
            if (System.nanoTime() > deadline) {
                throw Problem.of(503, "position-not-reached", "Projection behind the requested position",
                        "the projection has version " + version(answer) + " of this account, the position needs "
                                + minVersion).exception();
            }
            Thread.sleep(POLL.toMillis());
            answer = queries.account(id, forwarded);
        }
        ctx.header("X-Kes-Served-By", answer.servedBy());
        if (answer.standby()) {
            ctx.header("X-Kes-Standby", "true");
        }
        final AccountResponse account = answer.value().orElseThrow(() ->
                Problem.of(404, "account-not-found", "Account not found", "no account " + id).exception());
        final String etag = "\"" + account.version() + "\"";
        ctx.header("ETag", etag);
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.json(account);
    }

    private static long version(final QueryAnswer<AccountResponse> answer) {
        return answer.value().map(AccountResponse::version).orElse(0L);
    }

    /** The version the ?position= token asks for; tokens of other accounts impose nothing on this one. */
    private static long minVersion(final Context ctx, final String id) {
        final String position = ctx.queryParam("position");
        if (position == null) {
            return 0;
        }
        final Optional<ConsistencyToken> token = ConsistencyToken.decode(position);
        if (token.isEmpty()) {
            throw Problem.badRequest("position is not a token this service issued").exception();
        }
        return token.get().accountId().equals(id) ? token.get().version() : 0;
    }
}
