package dev.kes.command.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.command.CommandMetrics;
import dev.kes.command.CommandServiceConfig;
import dev.kes.command.testing.CommandDrivers;
import dev.kes.command.testing.TestCommands;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.event.AccountOpened;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.kafka.CaughtUpCommits;
import dev.kes.service.tracing.SpanAttributes;
import dev.kes.service.tracing.Tracing;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code kes.command.decide}: the span of a command's handling, child of the command record's {@code traceparent},
 * described by the command and its outcome; the events it writes carry its context in their headers and metadata.
 * Without tracing, nothing of it is written, even for a command that carries a {@code traceparent}.
 */
class DecisionTracingTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";
    private static final Instant START = Instant.parse("2026-05-01T12:00:00Z");

    private final AvroCodec codec = AvroCodec.shipped();
    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> commands;
    private TestOutputTopic<String, byte[]> events;

    private void start(final Tracing tracing) {
        final CommandServiceConfig config = CommandServiceConfig.of(Map.of("application.id", "decision-tracing-test"))
                .withCommandPartitions(1);
        driver = CommandDrivers.start(
                CommandTopology.build(config, CommandMetrics.unexposed(), codec, CaughtUpCommits.off(), tracing),
                config,
                START);
        commands = CommandDrivers.input(driver, config.topics().commands());
        events = CommandDrivers.output(driver, config.topics().events());
    }

    @AfterEach
    void tearDown() {
        driver.close();
        provider.close();
    }

    private Tracing sdk() {
        return Tracing.of(OpenTelemetrySdk.builder().setTracerProvider(provider).build());
    }

    private void send(final SpecificRecord command, final String key, final String traceparent) {
        final RecordHeaders headers = new RecordHeaders();
        if (traceparent != null) {
            headers.add(Tracing.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
        }
        commands.pipeInput(new TestRecord<>(key, codec.encode(command), headers, START));
    }

    private static String traceparent(final TestRecord<String, byte[]> record) {
        final Header header = record.headers().lastHeader(Tracing.TRACEPARENT);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void theDecisionContinuesTheCommandsTraceAndItsEventsCarryTheDecision() {
        start(sdk());
        send(
                TestCommands.open("c1", "acc-1", "Ada", "10.00"),
                "acc-1",
                "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01");

        final SpanData decision = exporter.getFinishedSpanItems().get(0);
        assertThat(exporter.getFinishedSpanItems()).hasSize(1);
        assertThat(decision.getName()).isEqualTo("kes.command.decide");
        assertThat(decision.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(decision.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(decision.getParentSpanId()).isEqualTo(CALLER_SPAN_ID);
        assertThat(decision.getAttributes().get(SpanAttributes.ACCOUNT)).isEqualTo("acc-1");
        assertThat(decision.getAttributes().get(SpanAttributes.COMMAND_ID)).isEqualTo("c1");
        assertThat(decision.getAttributes().get(SpanAttributes.COMMAND_TYPE)).isEqualTo("OpenAccount");
        assertThat(decision.getAttributes().get(SpanAttributes.OUTCOME)).isEqualTo("ACCEPTED");
        assertThat(decision.getAttributes().get(SpanAttributes.ACCOUNT_VERSION)).isEqualTo(1L);

        final List<TestRecord<String, byte[]>> written = events.readRecordsToList();
        assertThat(written).hasSize(1);
        final String decided = "00-" + TRACE_ID + "-" + decision.getSpanId() + "-01";
        assertThat(traceparent(written.get(0))).isEqualTo(decided);
        final Metadata metadata =
                codec.decode(written.get(0).value(), AccountOpened.class).getMetadata();
        assertThat(metadata.getExtra()).containsEntry(Tracing.TRACEPARENT, decided);
        assertThat(metadata.getCorrelationId()).isEqualTo("corr-1");
        assertThat(metadata.getCausationId()).isEqualTo("c1");
    }

    @Test
    void rejectionsAndRetriesAreDescribedAndACommandWithoutTraceparentStartsATrace() {
        start(sdk());
        send(TestCommands.open("c1", "acc-1", "Ada", "10.00"), "acc-1", null);
        send(TestCommands.deposit("c2", "acc-1", "1.00", 7L), "acc-1", null);
        send(TestCommands.open("c1", "acc-1", "Ada", "10.00"), "acc-1", null);

        final List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans).hasSize(3);
        assertThat(spans)
                .allSatisfy(span ->
                        assertThat(span.getParentSpanContext().isValid()).isFalse());
        assertThat(spans)
                .extracting(span -> span.getAttributes().get(SpanAttributes.OUTCOME))
                .containsExactly("ACCEPTED", "REJECTED", "DUPLICATE");
        assertThat(spans.get(1).getAttributes().get(SpanAttributes.REJECTION)).isEqualTo("CONFLICT");
        assertThat(spans.get(1).getAttributes().get(SpanAttributes.ACCOUNT_VERSION))
                .isEqualTo(1L);
    }

    @Test
    void withoutTracingNoEventCarriesATraceContext() {
        start(Tracing.off());
        send(
                TestCommands.open("c1", "acc-1", "Ada", "10.00"),
                "acc-1",
                "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01");

        final List<TestRecord<String, byte[]>> written = events.readRecordsToList();
        assertThat(written).hasSize(1);
        assertThat(written.get(0).headers().toArray()).isEmpty();
        assertThat(codec.decode(written.get(0).value(), AccountOpened.class)
                        .getMetadata()
                        .getExtra())
                .isEmpty();
        assertThat(exporter.getFinishedSpanItems()).isEmpty();
    }
}
