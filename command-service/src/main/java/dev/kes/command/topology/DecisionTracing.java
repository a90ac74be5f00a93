package dev.kes.command.topology;

import static dev.kes.service.tracing.SpanAttributes.ACCOUNT;
import static dev.kes.service.tracing.SpanAttributes.ACCOUNT_VERSION;
import static dev.kes.service.tracing.SpanAttributes.COMMAND_ID;
import static dev.kes.service.tracing.SpanAttributes.COMMAND_TYPE;
import static dev.kes.service.tracing.SpanAttributes.OUTCOME;
import static dev.kes.service.tracing.SpanAttributes.REJECTION;

import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.result.CommandResult;
import dev.kes.service.mapping.IncomingCommand;
import dev.kes.service.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Record;

/**
 * {@code kes.command.decide}: the span of one command record's handling, child of the record's {@code traceparent}
 * (the HTTP request's span) or a root. While it is current, the events the decision writes carry its context, in their
 * headers and in {@code metadata.extra["traceparent"]}, so that the read models continue the trace.
 */
final class DecisionTracing {
    static final String SPAN_NAME = "kes.command.decide";
    static final String DUPLICATE = "DUPLICATE";

    private final Tracing tracing;

    DecisionTracing(final Tracing tracing) {
        this.tracing = tracing;
    }

    /** The span of this record's handling, to make current and end; null when tracing is off. */
    Span start(final Record<String, byte[]> record) {
        if (!tracing.enabled()) {
            return null;
        }
        final Context parent = tracing.parentOf(record.headers());
        return tracing.consumerSpan(SPAN_NAME, parent == null ? Context.root() : parent)
                .startSpan();
    }

    /** Describes the current decision span, if one records, by the command and its result. */
    static void outcome(final IncomingCommand in, final CommandResult result) {
        outcome(in, result.getOutcome().name(), result);
    }

    /** As above, for a retry answered with its first result. */
    static void duplicate(final IncomingCommand in, final CommandResult first) {
        outcome(in, DUPLICATE, first);
    }

    private static void outcome(final IncomingCommand in, final String outcome, final CommandResult result) {
        final Span span = Span.current();
        if (!span.isRecording()) {
            return;
        }
        span.setAttribute(COMMAND_ID, in.commandId());
        span.setAttribute(COMMAND_TYPE, in.type());
        if (in.accountId() != null) {
            span.setAttribute(ACCOUNT, in.accountId());
        }
        span.setAttribute(OUTCOME, outcome);
        span.setAttribute(ACCOUNT_VERSION, result.getVersion());
        if (result.getRejection() != null) {
            span.setAttribute(REJECTION, result.getRejection().getCode().name());
        }
    }

    /** Headers with the current decision's context for an event record, or null when there is none. */
    static Headers eventHeaders() {
        return Tracing.headers(Context.current());
    }

    /** The event's metadata, with the current decision's {@code traceparent} in {@code extra} when there is one. */
    static Metadata.Builder withTraceparent(final Metadata.Builder metadata) {
        final String traceparent = Tracing.traceparent(Context.current());
        if (traceparent != null) {
            final Map<String, String> extra = new HashMap<>(metadata.getExtra());
            extra.put(Tracing.TRACEPARENT, traceparent);
            metadata.setExtra(extra);
        }
        return metadata;
    }
}
