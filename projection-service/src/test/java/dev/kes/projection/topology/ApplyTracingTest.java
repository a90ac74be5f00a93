package dev.kes.projection.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.tracing.SpanAttributes;
import dev.kes.service.tracing.Tracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kes.projection.apply}: a span per read model for an event that carries a trace context, child of it, the
 * transfers model's too (its repartitioned record keeps the event's headers); none for an event without one.
 */
class ApplyTracingTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String DECISION_SPAN_ID = "00f067aa0ba902b7";
    private static final Instant AT = Instant.parse("2026-05-01T12:00:00Z");

    private final AvroCodec codec = AvroCodec.shipped();
    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build();

    @TempDir
    Path state;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> events;

    private void start() {
        final ProjectionServiceConfig config = ProjectionServiceConfig.of(Map.of("application.id", "apply-tracing"));
        final Properties props = ProjectionStreamsConfig.properties(config);
        props.put("state.dir", state.toString());
        driver = new TopologyTestDriver(
                ProjectionTopology.build(
                        config,
                        new ProjectionMetrics(new SimpleMeterRegistry()),
                        codec,
                        AppliedEvents.NONE,
                        Tracing.of(OpenTelemetrySdk.builder()
                                .setTracerProvider(provider)
                                .build())),
                props);
        events = driver.createInputTopic(
                config.topics().events(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
        provider.close();
    }

    private void pipe(final String key, final SpecificRecord event, final boolean traced) {
        final RecordHeaders headers = new RecordHeaders();
        if (traced) {
            headers.add(
                    Tracing.TRACEPARENT,
                    ("00-" + TRACE_ID + "-" + DECISION_SPAN_ID + "-01").getBytes(StandardCharsets.UTF_8));
        }
        events.pipeInput(new TestRecord<>(key, codec.encode(event), headers, AT));
    }

    @Test
    void eachReadModelAppliesATracedEventInItsOwnChildSpan() {
        start();
        pipe("acc-1", TestEvents.opened("acc-1", AT, "100.00"), false);
        assertThat(exporter.getFinishedSpanItems()).isEmpty();

        pipe("acc-1", TestEvents.debited("acc-1", 2, AT, "t-1", "acc-2", "25.00", "75.00"), true);

        final List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans)
                .extracting(span -> span.getAttributes().get(SpanAttributes.READ_MODEL))
                .containsExactly(
                        StoreNames.EVENT_INDEX,
                        StoreNames.MONTHLY_SNAPSHOTS,
                        StoreNames.BALANCES,
                        StoreNames.TRANSFERS);
        assertThat(spans).allSatisfy(span -> {
            assertThat(span.getName()).isEqualTo("kes.projection.apply");
            assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
            assertThat(span.getParentSpanId()).isEqualTo(DECISION_SPAN_ID);
            assertThat(span.getAttributes().get(SpanAttributes.ACCOUNT)).isEqualTo("acc-1");
            assertThat(span.getAttributes().get(SpanAttributes.EVENT_VERSION)).isEqualTo(2L);
            assertThat(span.getAttributes().get(SpanAttributes.EVENT_TYPE)).isEqualTo("TransferDebited");
        });
        assertThat(spans.get(3).getAttributes().get(SpanAttributes.TRANSFER)).isEqualTo("t-1");
    }
}
