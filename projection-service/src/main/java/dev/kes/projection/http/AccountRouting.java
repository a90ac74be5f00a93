package dev.kes.projection.http;

import dev.kes.domain.AccountIds;
import dev.kes.projection.query.AccountQueries;
import dev.kes.projection.query.NoCopyHere;
import dev.kes.projection.query.Placement;
import dev.kes.projection.query.StoreChanges;
import dev.kes.projection.query.TransferResponse;
import dev.kes.service.http.Problem;
import dev.kes.service.http.ProblemException;
import dev.kes.service.kafka.ConsistencyToken;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What every account query (and the transfer query, see {@link #serveTransfer}) does before its own answer: validate the id and the {@code ?position=} token, then find
 * a copy of the account's partition that can answer, in this order:
 * <ol>
 *   <li>this instance, when it runs the active task, is not rebalancing and finds its copy;</li>
 *   <li>the active owner, when that is another instance, unless it cannot be reached or answers 503 (other than
 *       position-not-reached);</li>
 *   <li>this instance's own copy if it finds one: a standby, or any copy while rebalancing or restoring;</li>
 *   <li>each other instance holding a standby copy;</li>
 * </ol>
 * else 503. Only the first may answer 404: any other copy may trail the active one, so when it has not got the
 * account (or the instant, or the year) the next copy is asked, and in the end the answer is a 503, never a 404 that
 * an up-to-date copy would contradict. A copy answers once it has reached the position; {@value #SERVED_BY_HEADER} names the instance whose
 * stores answered and {@value #STANDBY_HEADER}{@code : true} says the copy may trail the latest events (the answer
 * came from a standby, or from an instance that is rebalancing or restoring). A forwarded request is answered from
 * the receiving instance's copy or not at all: it is never forwarded again, so requests cannot loop.
 */
final class AccountRouting {
    static final String SERVED_BY_HEADER = "X-Kes-Served-By";
    static final String STANDBY_HEADER = "X-Kes-Standby";

    /**
     * The answer given from this instance's stores, read at the request's placement. It reads before it writes
     * anything: a read that throws {@link NoCopyHere} passes the request on to another copy.
     */
    @FunctionalInterface
    interface LocalAnswer {
        void answer(Placement account);
    }

    private final AccountQueries queries;
    private final StoreChanges changes;
    private final PeerForwarder forwarder;
    private final Duration positionWait;
    private final Duration recheck;

    /**
     * @param changes wakes a {@code ?position=} wait as soon as this instance's processors apply an event of the
     *                account (or transfer) it waits for
     * @param recheck how long such a wait goes without looking again when nothing wakes it: the bound for copies
     *                that change without this instance's processors (standbys, restoring or rebalancing copies)
     */
    AccountRouting(
            final AccountQueries queries,
            final StoreChanges changes,
            final PeerForwarder forwarder,
            final Duration positionWait,
            final Duration recheck) {
        this.queries = queries;
        this.changes = changes;
        this.forwarder = forwarder;
        this.positionWait = positionWait;
        this.recheck = recheck;
    }

    /** The {id} path parameter, or a 400 when it cannot be an account id. */
    static String accountId(final Context ctx) {
        final String id = ctx.pathParam("id");
        if (!AccountIds.isValid(id)) {
            throw Problem.badRequest("accountId must be 1-64 characters of letters, digits, '.', '_' or '-'")
                    .exception();
        }
        return id;
    }

    /**
     * Answers from the first copy that can (see the class comment). Validate parameters before this. Whether this
     * instance holds a copy is not looked up beforehand: the local answer's first read tells ({@link NoCopyHere}),
     * so the stores are read only to answer, and the copies seen are those at the moment of that read.
     */
    void serve(final Context ctx, final String accountId, final LocalAnswer local) throws InterruptedException {
        final long minVersion = minVersion(ctx, accountId);
        serve(ctx, () -> queries.placement(accountId), at -> awaitVersion(at, minVersion), local);
    }

    /**
     * Answers a query of the transfers store the same way, from the copies of the transferId's partition. A
     * {@code ?position=} of the transfer's source is reached once its debit is in the store (the transfer shows at
     * least PENDING: what the position of {@code POST /transfers} promises); one of its target once it ended; one of
     * any other account imposes nothing. Until the transfer is in the store its accounts are not known, so any
     * position waits for it; when the wait ends without it, the answer is the one without a position (404) if this
     * copy of the position's account has reached the position and its event there is not this transfer's debit:
     * any debit at or before it was then passed on to the transfers store a whole wait ago.
     */
    void serveTransfer(final Context ctx, final String transferId, final LocalAnswer local)
            throws InterruptedException {
        final Optional<ConsistencyToken> position = position(ctx);
        serve(ctx, () -> queries.transferPlacement(transferId), at -> awaitTransfer(at, position), local);
    }

    /** Waits until a copy has reached the request's position, or throws the 503 that says it has not. */
    @FunctionalInterface
    private interface PositionWait {
        void await(Placement at) throws InterruptedException;
    }

    private void serve(
            final Context ctx, final Supplier<Placement> place, final PositionWait position, final LocalAnswer local)
            throws InterruptedException {
        final Placement placement = place.get();
        boolean mayHoldCopy = true;
        if (placement.authoritative()) {
            if (answeredHere(ctx, placement, place, position, false, local)) {
                return;
            }
            mayHoldCopy = false; // the owner on paper, but its task is gone or not initialised yet
        }
        if (PeerForwarder.isForwarded(ctx)) {
            if (mayHoldCopy && answeredHere(ctx, placement, place, position, true, local)) {
                return;
            }
            throw Unavailable.noCopy("this instance holds no copy of the account's partition that can answer "
                    + "(none, or one that may trail the latest events and has not got this account)");
        }
        final List<String> tried = new ArrayList<>();
        if (placement.active() != null && !placement.activeHere() && relayed(ctx, placement.active(), tried)) {
            return;
        }
        if (mayHoldCopy) {
            if (answeredHere(ctx, placement, place, position, true, local)) {
                return;
            }
            tried.add(queries.self());
        }
        for (final String standby : placement.remoteStandbys()) {
            if (!standby.equals(placement.active()) && relayed(ctx, standby, tried)) {
                return;
            }
        }
        throw Unavailable.noCopy(
                tried.isEmpty()
                        ? "no instance can answer for this account's partition yet (rebalancing)"
                        : "no up-to-date copy of this account's partition answered; tried " + tried);
    }

    /** Relays the peer's answer unless it has none (unreachable, or a 503 saying it has no copy to answer from). */
    private boolean relayed(final Context ctx, final String peer, final List<String> tried)
            throws InterruptedException {
        final Optional<PeerAnswer> answer = forwarder.ask(ctx, peer);
        if (answer.isEmpty() || answer.get().unavailable()) {
            tried.add(peer);
            return false;
        }
        answer.get().relayTo(ctx);
        return true;
    }

    /**
     * Answers from this instance's copy; false, with no header of ours left set, when there is none to read, or when
     * the copy found nothing but may trail the active one: only the up-to-date active copy may answer a 404.
     */
    private boolean answeredHere(
            final Context ctx,
            final Placement account,
            final Supplier<Placement> place,
            final PositionWait position,
            final boolean standby,
            final LocalAnswer local)
            throws InterruptedException {
        try {
            position.await(account);
            ctx.header(SERVED_BY_HEADER, queries.self());
            if (standby) {
                ctx.header(STANDBY_HEADER, "true");
            }
            local.answer(account);
            return true;
        } catch (NoCopyHere e) {
            unnameThisInstance(ctx);
            return false;
        } catch (ProblemException e) {
            // a standby, restoring or rebalancing copy may not have the account yet; so may the owner if it has
            // started rebalancing since the placement was taken
            if (e.problem().status() != 404 || !standby && place.get().authoritative()) {
                throw e;
            }
            unnameThisInstance(ctx);
            return false;
        }
    }

    /** Another copy's answer, or the 503, must not name this instance (null removes a header in Jetty). */
    private static void unnameThisInstance(final Context ctx) {
        ctx.res().setHeader(SERVED_BY_HEADER, null);
        ctx.res().setHeader(STANDBY_HEADER, null);
    }

    /**
     * Waits on every read model's version, not just one: on a standby copy each store catches up on its own. The
     * watch opens before the first read, so an event applied between a read and the wait is not missed.
     */
    private void awaitVersion(final Placement account, final long minVersion) throws InterruptedException {
        if (minVersion == 0) {
            return;
        }
        final long deadline = System.nanoTime() + positionWait.toNanos();
        try (StoreChanges.Watch watch = changes.watchAccount(account.accountId())) {
            long version = queries.appliedVersion(account);
            while (version < minVersion) {
                if (!awaitedChange(watch, deadline)) {
                    throw Unavailable.positionNotReached(version, minVersion);
                }
                version = queries.appliedVersion(account);
            }
        }
    }

    /** See {@link #serveTransfer}; the transfer is read again at each change, as the version is for an account. */
    private void awaitTransfer(final Placement transfer, final Optional<ConsistencyToken> position)
            throws InterruptedException {
        if (position.isEmpty()) {
            return;
        }
        final long deadline = System.nanoTime() + positionWait.toNanos();
        try (StoreChanges.Watch watch = changes.watchTransfer(transfer.accountId())) {
            Optional<TransferResponse> shown = queries.transfer(transfer);
            while (!reached(shown, position.get())) {
                if (!awaitedChange(watch, deadline)) {
                    if (shown.isEmpty() && passedWithoutIt(transfer.accountId(), position.get())) {
                        return; // answered as without a position: an unknown transfer
                    }
                    throw Unavailable.transferPositionNotReached(position.get().accountId());
                }
                shown = queries.transfer(transfer);
            }
        }
    }

    /**
     * Whether this instance's copy of the position's account has applied it, and its event there is not the debit of
     * {@code transferId} (which would still be on its way to the transfers store). False when there is no copy here.
     */
    private boolean passedWithoutIt(final String transferId, final ConsistencyToken position) {
        try {
            final Placement account = queries.placement(position.accountId());
            if (queries.appliedVersion(account) < position.version()) {
                return false;
            }
            return queries.events(account, position.version(), 1).events().stream()
                    .noneMatch(event -> "TransferDebited".equals(event.type())
                            && transferId.equals(String.valueOf(event.data().get("transferId"))));
        } catch (NoCopyHere e) {
            return false;
        }
    }

    /** Waits until the watched key changes or the re-check is due; false, at once, when the deadline has passed. */
    private boolean awaitedChange(final StoreChanges.Watch watch, final long deadline) throws InterruptedException {
        final long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        watch.await(Duration.ofNanos(Math.min(left, recheck.toNanos())));
        return true;
    }

    private static boolean reached(final Optional<TransferResponse> transfer, final ConsistencyToken position) {
        if (transfer.isEmpty()) {
            return false;
        }
        if (position.accountId().equals(transfer.get().toAccountId())) {
            return transfer.get().ended();
        }
        return true; // its source's debit is there; another account's event says nothing about this transfer
    }

    /** The version the ?position= token asks for; tokens of other accounts impose nothing on this one. */
    private static long minVersion(final Context ctx, final String accountId) {
        return position(ctx)
                .filter(token -> token.accountId().equals(accountId))
                .map(ConsistencyToken::version)
                .orElse(0L);
    }

    /** The ?position= token, or a 400 when it is not one this system issued. */
    private static Optional<ConsistencyToken> position(final Context ctx) {
        final String position = ctx.queryParam("position");
        if (position == null) {
            return Optional.empty();
        }
        final Optional<ConsistencyToken> token = ConsistencyToken.decode(position);
        if (token.isEmpty()) {
            throw Problem.badRequest("position is not a token this service issued")
                    .exception();
        }
        return token;
    }
}
