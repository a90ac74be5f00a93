package dev.kes.projection.http;

import dev.kes.projection.feed.EventLog;
import dev.kes.projection.query.AccountDirectory;
import dev.kes.projection.query.AccountQueries;
import dev.kes.projection.query.StoreChanges;
import dev.kes.service.http.OpenApiDocument;
import io.javalin.Javalin;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;

/** The query API's routes, all in one place (the contract is in DESIGN.md "HTTP contract"). */
public final class QueryRoutes {
    /** The OpenAPI 3.1 document of these routes, served at {@code /openapi.json}. */
    public static final String API_DOCUMENT = "dev/kes/projection/openapi.json";

    /** How often a {@code ?position=} wait looks again when no change of this instance's processors woke it. */
    public static final Duration DEFAULT_POSITION_RECHECK = Duration.ofMillis(20);

    private QueryRoutes() {}

    /** Routes whose {@code ?position=} waits are never woken, only re-checked (for tests of the routes alone). */
    public static void register(final Javalin app, final AccountQueries queries, final Duration positionWait) {
        register(app, queries, StoreChanges.NONE, positionWait, DEFAULT_POSITION_RECHECK, Clock.systemUTC());
    }

    /**
     * @param changes      wakes the {@code ?position=} waits when this instance's processors apply an event
     * @param recheck      how long such a wait goes without looking again when nothing woke it
     * @param clock        decides the current UTC month (where this year's monthly snapshots end)
     */
    public static void register(
            final Javalin app,
            final AccountQueries queries,
            final StoreChanges changes,
            final Duration positionWait,
            final Duration recheck,
            final Clock clock) {
        final AccountRouting routing =
                new AccountRouting(queries, changes, new PeerForwarder(positionWait), positionWait, recheck);
        final QueryHandlers handlers = new QueryHandlers(queries, routing, clock);
        app.get("/accounts/{id}", handlers::account);
        app.get("/accounts/{id}/balance", handlers::balanceAt);
        app.get("/accounts/{id}/monthly-snapshots", handlers::monthlySnapshots);
        app.get("/accounts/{id}/events", handlers::events);
        app.get("/transfers/{id}", handlers::transfer);
        OpenApiDocument.load(API_DOCUMENT).serve(app);
    }

    /** {@code GET /accounts}: every account, a page at a time across partitions (DESIGN.md "HTTP contract"). */
    public static void registerDirectory(
            final Javalin app, final AccountDirectory directory, final Duration positionWait) {
        app.get("/accounts", new AccountListHandler(directory, new PeerForwarder(positionWait)));
    }

    /** The feed of every account's events: pages and the live stream (DESIGN.md "Outside consumers"). */
    public static void registerFeed(
            final Javalin app, final EventLog log, final StreamSettings streams, final MeterRegistry registry) {
        app.get("/events", new EventFeedHandler(log));
        app.get("/events/stream", new EventStreamHandler(log, streams, registry));
    }
}
