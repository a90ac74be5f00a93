/**
 * Tracing with the OpenTelemetry API only (README "Tracing"): W3C {@code traceparent} from an HTTP request into the
 * command record's headers, a span for the decision, the decision's context in the events' headers and metadata, and
 * a span where each read model applies an event. A no-op until the Java agent or an SDK provides an implementation.
 */
package dev.kes.service.tracing;
