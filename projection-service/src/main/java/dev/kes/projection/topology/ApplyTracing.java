package dev.kes.projection.topology;

import static dev.kes.service.tracing.SpanAttributes.ACCOUNT;
import static dev.kes.service.tracing.SpanAttributes.EVENT_TYPE;
import static dev.kes.service.tracing.SpanAttributes.EVENT_VERSION;
import static dev.kes.service.tracing.SpanAttributes.READ_MODEL;
import static dev.kes.service.tracing.SpanAttributes.TRANSFER;

import dev.kes.domain.AccountEvent;
import dev.kes.service.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import org.apache.kafka.common.header.Headers;

/**
 * {@code kes.projection.apply}: one span per read model an event is handed to, child of the event's trace context
 * (the decision that wrote it). Only events that carry one are spanned: replaying a topic of untraced events (a
 * rebuild) must not start a trace per event and model.
 */
final class ApplyTracing {
    static final String SPAN_NAME = "kes.projection.apply";

    private final Tracing tracing;

    ApplyTracing(final Tracing tracing) {
        this.tracing = tracing;
    }

    /** The event's trace context, or null when it has none or tracing is off: then no span is started for it. */
    Context parentOf(final Headers headers) {
        return tracing.parentOf(headers);
    }

    /** The span of applying {@code event} to {@code readModel}, to end; the invalid span (a no-op) without parent. */
    Span start(final Context parent, final String readModel, final AccountEvent event) {
        if (parent == null) {
            return Span.getInvalid();
        }
        return tracing.consumerSpan(SPAN_NAME, parent)
                .setAttribute(READ_MODEL, readModel)
                .setAttribute(ACCOUNT, event.accountId())
                .setAttribute(EVENT_VERSION, event.version())
                .setAttribute(EVENT_TYPE, event.getClass().getSimpleName())
                .startSpan();
    }

    /** As above, for the transfers read model, keyed by transfer. */
    Span start(final Context parent, final String readModel, final AccountEvent event, final String transferId) {
        return start(parent, readModel, event).setAttribute(TRANSFER, transferId);
    }
}
