package dev.kes.service.metrics;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code kes_http_requests_seconds{method,route,status}}: every answered HTTP request, by route template (never the
 * raw path, whose account ids would make one series per account) and status, with {@link LatencyBuckets}' buckets
 * for percentiles.
 */
public final class HttpMetrics {
    public static final String REQUESTS = "kes_http_requests";
    /** The route of a request no route matched (404s of unknown paths): one series for all of them. */
    public static final String UNMATCHED = "unmatched";

    private final MeterRegistry registry;
    /** One timer per (method, route, status), so that a request costs a map lookup, not a meter's builder. */
    private final Map<Series, Timer> timers = new ConcurrentHashMap<>();

    private record Series(String method, String route, int status) {}

    public HttpMetrics(final MeterRegistry registry) {
        this.registry = registry;
    }

    /** Javalin's request logger: called once per request, after the response is complete. */
    public void record(final Context ctx, final Float elapsedMs) {
        timers.computeIfAbsent(new Series(ctx.method().name(), route(ctx), ctx.statusCode()), this::timer)
                .record((long) (elapsedMs * 1_000_000L), TimeUnit.NANOSECONDS);
    }

    private Timer timer(final Series series) {
        return Timer.builder(REQUESTS)
                .description("HTTP requests answered, by method, route template and status")
                .tag("method", series.method())
                .tag("route", series.route())
                .tag("status", String.valueOf(series.status()))
                .serviceLevelObjectives(LatencyBuckets.bounds())
                .register(registry);
    }

    /** The matched route template; for an unmatched request Javalin gives a sentence, not a path. */
    static String route(final Context ctx) {
        final String template;
        try {
            template = ctx.endpointHandlerPath();
        } catch (IllegalStateException e) {
            return UNMATCHED; // answered by a before handler (a CORS preflight): no endpoint ran
        }
        return template != null && template.startsWith("/") ? template : UNMATCHED;
    }
}
