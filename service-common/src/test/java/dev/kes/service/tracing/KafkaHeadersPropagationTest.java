package dev.kes.service.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** The W3C trace context on Kafka record headers: the getter and setter, and what {@link Tracing} makes of them. */
class KafkaHeadersPropagationTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN_ID = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + SPAN_ID + "-01";

    private static Context remote() {
        return Context.root()
                .with(Span.wrap(SpanContext.createFromRemoteParent(
                        TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault())));
    }

    private static String header(final Headers headers, final String key) {
        return new String(headers.lastHeader(key).value(), StandardCharsets.UTF_8);
    }

    @Test
    void theSetterWritesUtf8AndReplacesAnEarlierHeaderOfTheName() {
        final Headers headers = new RecordHeaders();
        headers.add("traceparent", "00-stale".getBytes(StandardCharsets.UTF_8));
        headers.add("other", "kept".getBytes(StandardCharsets.UTF_8));

        KafkaHeadersSetter.INSTANCE.set(headers, "traceparent", TRACEPARENT);

        assertThat(headers.headers("traceparent")).hasSize(1);
        assertThat(header(headers, "traceparent")).isEqualTo(TRACEPARENT);
        assertThat(header(headers, "other")).isEqualTo("kept");
    }

    @Test
    void theGetterReadsTheLastHeaderOfANameAndNothingForAMissingOne() {
        final Headers headers = new RecordHeaders();
        headers.add("traceparent", "first".getBytes(StandardCharsets.UTF_8));
        headers.add("traceparent", TRACEPARENT.getBytes(StandardCharsets.UTF_8));
        headers.add("tracestate", null);

        assertThat(KafkaHeadersGetter.INSTANCE.get(headers, "traceparent")).isEqualTo(TRACEPARENT);
        assertThat(KafkaHeadersGetter.INSTANCE.get(headers, "tracestate")).isNull();
        assertThat(KafkaHeadersGetter.INSTANCE.get(headers, "missing")).isNull();
        assertThat(KafkaHeadersGetter.INSTANCE.get(null, "traceparent")).isNull();
        assertThat(KafkaHeadersGetter.INSTANCE.keys(headers))
                .containsExactly("traceparent", "traceparent", "tracestate");
    }

    @Test
    void aContextInjectedIntoHeadersIsExtractedAgainByTheW3cPropagator() {
        final Headers headers = Tracing.headers(remote());

        assertThat(header(headers, "traceparent")).isEqualTo(TRACEPARENT);
        final SpanContext extracted = Span.fromContext(W3CTraceContextPropagator.getInstance()
                        .extract(Context.root(), headers, KafkaHeadersGetter.INSTANCE))
                .getSpanContext();
        assertThat(extracted.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(extracted.getSpanId()).isEqualTo(SPAN_ID);
        assertThat(extracted.isRemote()).isTrue();
        assertThat(Tracing.traceparent(remote())).isEqualTo(TRACEPARENT);
    }

    @Test
    void aContextWithoutSpanGivesNoHeadersAndNoTraceparent() {
        assertThat(Tracing.headers(Context.root())).isNull();
        assertThat(Tracing.traceparent(Context.root())).isNull();
    }

    @Test
    void withAnSdkARecordsTraceparentIsTheParentOfItsWork() {
        try (SdkTracerProvider provider = SdkTracerProvider.builder().build()) {
            final Tracing tracing = Tracing.of(
                    OpenTelemetrySdk.builder().setTracerProvider(provider).build());
            final Headers headers = new RecordHeaders();
            headers.add("traceparent", TRACEPARENT.getBytes(StandardCharsets.UTF_8));

            assertThat(tracing.enabled()).isTrue();
            assertThat(Span.fromContext(tracing.parentOf(headers))
                            .getSpanContext()
                            .getSpanId())
                    .isEqualTo(SPAN_ID);
            assertThat(tracing.parentOf(new RecordHeaders())).isNull();
            final Headers malformed = new RecordHeaders();
            malformed.add("traceparent", "00-not-a-trace".getBytes(StandardCharsets.UTF_8));
            assertThat(tracing.parentOf(malformed)).isNull();
        }
    }

    @Test
    void theNoopApiIsOffAndReadsNoHeader() {
        final Headers headers = new RecordHeaders();
        headers.add("traceparent", TRACEPARENT.getBytes(StandardCharsets.UTF_8));

        assertThat(Tracing.of(OpenTelemetry.noop()).enabled()).isFalse();
        assertThat(Tracing.off().parentOf(headers)).isNull();
        // nothing registered a global implementation in this JVM: the services' default is off
        assertThat(Tracing.global().enabled()).isFalse();
    }
}
