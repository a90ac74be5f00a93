package dev.kes.service.tracing;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A service's tracer, and the W3C trace context on Kafka records. Built from an {@link OpenTelemetry} once per service
 * ({@link #global()} by default); when that is the API's no-op, {@link #enabled()} is false and the hooks do nothing
 * at all, not even read a header, so that tracing nobody collects costs close to nothing.
 *
 * <p>Kafka records always carry W3C Trace Context ({@code traceparent}, {@code tracestate}) whatever propagators the
 * user configured: it is what every Kafka instrumentation and non-Java client reads.
 */
public final class Tracing {
    /** The W3C header on HTTP requests and Kafka records, and the key of an event's {@code metadata.extra}. */
    public static final String TRACEPARENT = "traceparent";
    /** The instrumentation scope of every span of this system. */
    public static final String SCOPE = "dev.kes";

    private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final Tracing OFF = new Tracing(OpenTelemetry.noop());

    private final Tracer tracer;
    private final boolean enabled;

    private Tracing(final OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer(SCOPE);
        this.enabled = openTelemetry.getTracerProvider() != TracerProvider.noop();
    }

    public static Tracing of(final OpenTelemetry openTelemetry) {
        return new Tracing(openTelemetry);
    }

    /**
     * The process's {@link GlobalOpenTelemetry}: the Java agent's, or an SDK registered before the service starts;
     * the no-op otherwise.
     */
    public static Tracing global() {
        return of(GlobalOpenTelemetry.get());
    }

    /** No tracing (tools, benchmarks, tests that do not look at spans). */
    public static Tracing off() {
        return OFF;
    }

    public boolean enabled() {
        return enabled;
    }

    public Tracer tracer() {
        return tracer;
    }

    /** A span of work done for a Kafka record, under {@code parent}, to describe and start. */
    public SpanBuilder consumerSpan(final String name, final Context parent) {
        return tracer.spanBuilder(name).setParent(parent).setSpanKind(SpanKind.CONSUMER);
    }

    /**
     * The parent of the work done for a record, or null when it has none (or tracing is off): the current span when
     * there is one (the Java agent's consumer span, which already follows the record's headers), else the context of
     * the record's {@code traceparent} header.
     */
    public Context parentOf(final Headers headers) {
        if (!enabled) {
            return null;
        }
        if (Span.current().getSpanContext().isValid()) {
            return Context.current();
        }
        if (headers == null || headers.lastHeader(TRACEPARENT) == null) {
            return null;
        }
        final Context extracted = W3C.extract(Context.root(), headers, KafkaHeadersGetter.INSTANCE);
        return Span.fromContext(extracted).getSpanContext().isValid() ? extracted : null;
    }

    /** Writes the context's span as {@code traceparent} (and {@code tracestate}) headers; nothing when it has none. */
    public static void inject(final Context context, final Headers headers) {
        W3C.inject(context, headers, KafkaHeadersSetter.INSTANCE);
    }

    /** Record headers with the context's span ({@code traceparent}), or null when it has none. */
    public static Headers headers(final Context context) {
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return null;
        }
        final Headers headers = new RecordHeaders();
        inject(context, headers);
        return headers;
    }

    /** The context's span as a {@code traceparent} value, or null when it has no valid span. */
    public static String traceparent(final Context context) {
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return null;
        }
        final String[] value = new String[1];
        W3C.inject(context, value, (carrier, key, field) -> {
            if (TRACEPARENT.equals(key)) {
                carrier[0] = field;
            }
        });
        return value[0];
    }

    /** Reads a W3C trace context from any carrier (an HTTP request's headers), on top of {@code context}. */
    static <C> Context extract(
            final Context context,
            final C carrier,
            final io.opentelemetry.context.propagation.TextMapGetter<C> getter) {
        return W3C.extract(context, carrier, getter);
    }
}
