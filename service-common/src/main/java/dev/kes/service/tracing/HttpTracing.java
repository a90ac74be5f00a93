package dev.kes.service.tracing;

import io.javalin.Javalin;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * A span per HTTP request that matched a route (but the health checks and {@code /metrics}), named {@code "POST /accounts/{id}/deposits"} (method and route
 * template), child of the request's {@code traceparent}. It is started before the handler and ended by Javalin's
 * request logger once the answer is complete (asynchronous answers included), with the status. Handlers pass its
 * context on ({@link #context}); it is not made current, since an answer may complete on another thread.
 *
 * <p>Under the Java agent, which opens its own server span for the request, this one is its child and INTERNAL.
 */
public final class HttpTracing {
    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final String SPAN = HttpTracing.class.getName() + ".span";

    private HttpTracing() {}

    /** Starts a span for every matched request; nothing when tracing is off. Register before other beforeMatched. */
    public static void register(final Javalin app, final Tracing tracing) {
        if (tracing.enabled()) {
            app.beforeMatched(ctx -> start(ctx, tracing));
        }
    }

    private static void start(final io.javalin.http.Context ctx, final Tracing tracing) {
        final String route = ctx.endpointHandlerPath();
        if (route.startsWith("/health/") || route.equals("/metrics")) {
            return; // probes and scrapes every few seconds: noise in any trace store
        }
        final boolean agent = Span.current().getSpanContext().isValid();
        final Context parent =
                agent ? Context.current() : Tracing.extract(Context.root(), ctx, RequestHeadersGetter.INSTANCE);
        final Span span = tracing.tracer()
                .spanBuilder(ctx.method().name() + " " + route)
                .setParent(parent)
                .setSpanKind(agent ? SpanKind.INTERNAL : SpanKind.SERVER)
                .setAttribute(METHOD, ctx.method().name())
                .setAttribute(ROUTE, route)
                .setAttribute(PATH, ctx.path())
                .startSpan();
        ctx.attribute(SPAN, span);
    }

    /** Ends the request's span, if it has one, with the status answered: for Javalin's request logger. */
    public static void end(final io.javalin.http.Context ctx) {
        final Span span = ctx.attribute(SPAN);
        if (span == null) {
            return;
        }
        final int status = ctx.statusCode();
        span.setAttribute(STATUS, (long) status);
        if (status >= 500) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    /** The context of the request's span, to pass on (e.g. into a command's headers); root when not traced. */
    public static Context context(final io.javalin.http.Context ctx) {
        final Span span = ctx.attribute(SPAN);
        return span == null ? Context.root() : Context.root().with(span);
    }

    /** The request's headers, for the W3C propagator. */
    private enum RequestHeadersGetter implements TextMapGetter<io.javalin.http.Context> {
        INSTANCE;

        @Override
        public Iterable<String> keys(final io.javalin.http.Context carrier) {
            return carrier.headerMap().keySet();
        }

        @Override
        public String get(final io.javalin.http.Context carrier, final String key) {
            return carrier == null ? null : carrier.header(key);
        }
    }
}
