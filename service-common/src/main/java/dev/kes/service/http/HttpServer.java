package dev.kes.service.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.service.auth.BearerAuth;
import dev.kes.service.logging.LogContext;
import dev.kes.service.metrics.HttpMetrics;
import dev.kes.service.tracing.HttpTracing;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.json.JavalinJackson;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server both services run: problem+json for every error (a handler bug is the only 500; a known path with
 * a method it lacks is a 405 with {@code Allow}),
 * {@code /health/live}, {@code /health/ready} and {@code /metrics}. Routes are wired by the caller. With bearer tokens
 * configured, every route but the health endpoints needs one ({@link BearerAuth}); every request is counted by route
 * and status ({@link HttpMetrics}) and, with tracing on, spanned ({@link HttpTracing}); {@code X-Correlation-Id} is
 * put into the logging MDC while a request is handled.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    /** Javalin's own settings for its pool, kept when only the maximum is given. */
    private static final int MIN_THREADS = 8;

    private static final int IDLE_THREAD_MS = 60_000;
    private static final int RESULT_COPY_BUFFER = 4096;

    private final Javalin app;
    private final Set<String> routes;

    private HttpServer(final Javalin app, final Set<String> routes) {
        this.app = app;
        this.routes = routes;
    }

    /** Starts on {@code host:port} (port 0 picks a free one) without authentication and request metrics. */
    public static HttpServer start(
            final String host,
            final int port,
            final ObjectMapper mapper,
            final Readiness readiness,
            final Supplier<String> metrics,
            final Consumer<Javalin> routes) {
        return start(HttpOptions.of(host, port), mapper, readiness, metrics, routes);
    }

    /**
     * Starts on {@code options.host():options.port()} (port 0 picks a free one).
     *
     * @param metrics Prometheus text exposition of the service's metrics
     */
    public static HttpServer start(
            final HttpOptions options,
            final ObjectMapper mapper,
            final Readiness readiness,
            final Supplier<String> metrics,
            final Consumer<Javalin> routes) {
        final Set<String> registered = new ConcurrentSkipListSet<>();
        final Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.events(events -> events.handlerAdded(route -> {
                if (route.getHttpMethod().isHttpMethod()) {
                    registered.add(route.getHttpMethod() + " " + route.getPath());
                }
            }));
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.http.maxRequestSize = JsonBody.MAX_BYTES;
            // Javalin copies each result through a new buffer of this size (default: Jetty's 32 KiB output buffer);
            // answers are mostly a few hundred bytes, and Jetty still aggregates the writes of larger ones
            config.http.responseBufferSize = RESULT_COPY_BUFFER;
            if (options.maxThreads() > 0) {
                final QueuedThreadPool pool = new QueuedThreadPool(
                        options.maxThreads(), Math.min(MIN_THREADS, options.maxThreads()), IDLE_THREAD_MS);
                pool.setName("JettyServerThreadPool");
                config.jetty.threadPool = pool;
            }
            // a known path asked with a method it does not have is a 405 naming the methods it has, not a 404
            config.http.prefer405over404 = true;
            // what Jetty refuses before Javalin sees it is answered as problem+json too
            config.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler(mapper)));
            config.jetty.modifyServletContextHandler(
                    context -> context.setErrorHandler(new ProblemErrorHandler(mapper)));
            final HttpMetrics requests = options.registry() == null ? null : new HttpMetrics(options.registry());
            if (requests != null || options.tracing().enabled()) {
                config.requestLogger.http((ctx, elapsedMs) -> {
                    if (requests != null) {
                        requests.record(ctx, elapsedMs);
                    }
                    HttpTracing.end(ctx);
                });
            }
        });
        app.exception(ProblemException.class, (e, ctx) -> write(ctx, mapper, e.problem()));
        app.exception(MethodNotAllowedResponse.class, (e, ctx) -> {
            // Javalin's one detail lists the path's methods (its key depends on the Accept header)
            final String allowed = String.join(", ", e.getDetails().values());
            ctx.header("Allow", allowed);
            write(
                    ctx,
                    mapper,
                    Problem.forStatus(
                            405, ctx.method() + " is not allowed on " + ctx.path() + "; allowed: " + allowed));
        });
        app.exception(
                HttpResponseException.class,
                (e, ctx) -> write(ctx, mapper, Problem.forStatus(e.getStatus(), e.getMessage())));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected error answering {} {}", ctx.method(), ctx.path(), e);
            write(
                    ctx,
                    mapper,
                    Problem.of(
                            500,
                            "internal-error",
                            "Internal server error",
                            "the server failed to answer; this is a bug, please report it"));
        });
        app.error(404, ctx -> writeUnlessProblem(ctx, mapper, Problem.notFound("no resource at " + ctx.path())));
        app.error(
                405,
                ctx -> writeUnlessProblem(
                        ctx,
                        mapper,
                        Problem.of(
                                405,
                                "method-not-allowed",
                                "Method not allowed",
                                ctx.method() + " is not allowed here")));
        app.before(ctx -> {
            // a pooled thread may carry the keys of its previous request if that one ended abnormally
            LogContext.clear();
            LogContext.put(LogContext.CORRELATION_ID, ctx.header("X-Correlation-Id"));
            StrictRequest.check(ctx);
        });
        // first: a request refused for its token is traced too
        HttpTracing.register(app, options.tracing());
        app.beforeMatched(new BearerAuth(options.tokens())::check);
        app.after(ctx -> LogContext.clear());
        app.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
        app.get("/health/ready", ctx -> {
            final String reason = readiness.notReadyReason();
            if (reason == null) {
                ctx.json(Map.of("status", "UP"));
            } else {
                ctx.status(503).json(Map.of("status", "DOWN", "reason", reason));
            }
        });
        app.get(
                "/metrics",
                ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                        .result(metrics.get()));
        routes.accept(app);
        app.start(options.host(), options.port());
        LOG.info(
                "HTTP listening on http://{}:{} (bearer tokens: {})",
                options.host(),
                app.port(),
                options.tokens().enabled() ? "required" : "off");
        return new HttpServer(app, registered);
    }

    public int port() {
        return app.port();
    }

    /** Every route served, as {@code "GET /accounts/{id}"}: what the service's OpenAPI document must describe. */
    public Set<String> routes() {
        return Set.copyOf(routes);
    }

    private static void writeUnlessProblem(final Context ctx, final ObjectMapper mapper, final Problem problem) {
        final String type = ctx.res().getContentType();
        if (type == null || !type.startsWith(Problem.MEDIA_TYPE)) {
            write(ctx, mapper, problem);
        }
    }

    static void write(final Context ctx, final ObjectMapper mapper, final Problem problem) {
        if (problem.status() == 503) {
            // every 503 here is transient (rebalancing, restoring, broker away): tell clients when to come back
            ctx.header("Retry-After", "1");
        }
        try {
            ctx.status(problem.status())
                    .contentType(Problem.MEDIA_TYPE)
                    // bytes: a String result would be encoded in ISO-8859-1, Jetty's default for this media type
                    .result(mapper.writeValueAsBytes(problem.body(ctx.path())));
        } catch (JsonProcessingException e) {
            ctx.status(500).contentType(Problem.MEDIA_TYPE).result("{\"status\":500}");
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
