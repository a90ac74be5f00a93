package dev.kes.projection.http;

import dev.kes.domain.AccountDecider;
import dev.kes.projection.query.AccountQueries;
import dev.kes.projection.query.AccountResponse;
import dev.kes.projection.query.Owner;
import dev.kes.service.http.Problem;
import dev.kes.service.kafka.ConsistencyToken;
import io.javalin.http.Context;

import java.time.Duration;
import java.util.Optional;

/**
 * What every account query does before its own answer: validate the id and the {@code ?position=} token, send the
 * request to the account's owner if that is another instance, otherwise wait until the local projection reached
 * the position and name the answering instance in {@code X-Kes-Served-By} ({@code X-Kes-Standby: true} when a
 * forwarded request is answered here although this is not the active owner).
 *
 * <p>The wait is on the {@code balances} version: the projector writes balances last, so once it shows version n
 * every read model has applied n.
 */
final class AccountRouting {
    static final String SERVED_BY_HEADER = "X-Kes-Served-By";
    static final String STANDBY_HEADER = "X-Kes-Standby";
    private static final Duration POLL = Duration.ofMillis(20);

    /** The answer given from this instance's stores, once the request is known to belong here. */
    @FunctionalInterface
    interface LocalAnswer {
        void answer();
    }

    private final AccountQueries queries;
    private final OwnerForwarder forwarder;
    private final Duration positionWait;

    AccountRouting(final AccountQueries queries, final OwnerForwarder forwarder, final Duration positionWait) {
        this.queries = queries;
        this.forwarder = forwarder;
        this.positionWait = positionWait;
    }

    /** The {id} path parameter, or a 400 when it cannot be an account id. */
    static String accountId(final Context ctx) {
        final String id = ctx.pathParam("id");
        if (!AccountDecider.ACCOUNT_ID.matcher(id).matches()) {
            throw Problem.badRequest("accountId must be 1-64 characters of letters, digits, '.', '_' or '-'")
                    .exception();
        }
        return id;
    }

    /** Forwards to the owner, or waits for ?position= and runs {@code local}. Validate parameters before this. */
    void serve(final Context ctx, final String accountId, final LocalAnswer local) throws InterruptedException {
        final long minVersion = minVersion(ctx, accountId);
        final Owner owner = queries.owner(accountId);
        if (!owner.local() && !OwnerForwarder.isForwarded(ctx)) {
            forwarder.relay(ctx, owner.host());
            return;
        }
        awaitVersion(accountId, minVersion);
        ctx.header(SERVED_BY_HEADER, queries.self());
        if (!owner.local()) {
            ctx.header(STANDBY_HEADER, "true");
        }
        local.answer();
    }

    private void awaitVersion(final String accountId, final long minVersion) throws InterruptedException {
        if (minVersion == 0) {
            return;
        }
        final long deadline = System.nanoTime() + positionWait.toNanos();
        long version = version(accountId);
        while (version < minVersion) {
            if (System.nanoTime() > deadline) {
                throw Problem.of(503, "position-not-reached", "Projection behind the requested position",
                        "the projection has version " + version + " of this account, the position needs "
                                + minVersion).exception();
            }
            Thread.sleep(POLL.toMillis());
            version = version(accountId);
        }
    }

    private long version(final String accountId) {
        return queries.account(accountId).map(AccountResponse::version).orElse(0L);
    }

    /** The version the ?position= token asks for; tokens of other accounts impose nothing on this one. */
    private static long minVersion(final Context ctx, final String accountId) {
        final String position = ctx.queryParam("position");
        if (position == null) {
            return 0;
        }
        final Optional<ConsistencyToken> token = ConsistencyToken.decode(position);
        if (token.isEmpty()) {
            throw Problem.badRequest("position is not a token this service issued").exception();
        }
        return token.get().accountId().equals(accountId) ? token.get().version() : 0;
    }
}
