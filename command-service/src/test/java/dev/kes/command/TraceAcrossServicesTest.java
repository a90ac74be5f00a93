package dev.kes.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.command.testing.HttpTestClient;
import dev.kes.command.testing.TestServices;
import dev.kes.command.testing.TopicReader;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import dev.kes.projection.ProjectionService;
import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.event.TransferDebited;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.kafka.TopicNames;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * README "Tracing": both services with an SDK of their own (an in-memory exporter, not the global one), and one trace
 * from an HTTP command carrying a {@code traceparent} to every read model: the request's span is the caller's child,
 * the decision the request's, each read model's apply span the decision's; the command record and the event carry the
 * context they continue, the event in its metadata too.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraceAcrossServicesTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";
    private static final String CALLER = "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01";
    private static final Set<String> READ_MODELS = Set.of("event-index", "monthly-snapshots", "balances", "transfers");

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private SdkTracerProvider tracerProvider;
    private KafkaTestCluster kafka;
    private TopicNames topics;
    private CommandService commands;
    private ProjectionService projection;

    @BeforeAll
    void start(final KafkaTestCluster cluster, @TempDir final Path state) {
        kafka = cluster;
        tracerProvider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build();
        final OpenTelemetrySdk sdk =
                OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();
        final Map<String, String> commandConfig = TestServices.config(kafka, "trace", state.resolve("commands"));
        topics = TestServices.topics(commandConfig);
        commands = TestServices.startReady(commandConfig, sdk);
        final Map<String, String> projectionConfig = new HashMap<>();
        projectionConfig.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        projectionConfig.put("application.id", commandConfig.get("application.id") + "-projection");
        projectionConfig.put("topic.events", topics.events());
        projectionConfig.put("topic.personal.keys", topics.personalKeys());
        projectionConfig.put("personal.kek.file", commandConfig.get("personal.kek.file"));
        projectionConfig.put("topic.partitions", "3");
        projectionConfig.put("http.port", "0");
        projectionConfig.put("state.dir", state.resolve("projection").toString());
        projectionConfig.put("num.standby.replicas", "0");
        projection = ProjectionService.start(ProjectionServiceConfig.of(projectionConfig), AvroCodec.shipped(), sdk);
    }

    @AfterAll
    void stop() {
        if (projection != null) {
            projection.close();
        }
        if (commands != null) {
            commands.close();
        }
        if (tracerProvider != null) {
            tracerProvider.close();
        }
    }

    @Test
    void oneTraceRunsFromTheHttpCommandThroughTheDecisionToEveryReadModel() throws Exception {
        final HttpTestClient http = TestServices.http(commands);
        TestServices.open(http, "tr-src", "100.00");
        TestServices.open(http, "tr-dst", "0");

        final HttpResponse<String> response = http.postJson(
                "/transfers",
                "{\"fromAccountId\":\"tr-src\",\"toAccountId\":\"tr-dst\",\"amount\":\"25\"}",
                "Idempotency-Key",
                "tr-1",
                "traceparent",
                CALLER);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);

        // every read model has applied the debit, in the caller's trace
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(readModels(applySpans())).containsAll(READ_MODELS));

        final List<SpanData> trace = spansOf(TRACE_ID);
        final SpanData request = only(trace, "POST /transfers");
        assertThat(request.getParentSpanId()).isEqualTo(CALLER_SPAN_ID);
        assertThat(request.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(request.getAttributes().asMap())
                .extractingFromEntries(e -> e.getKey().getKey(), e -> e.getValue())
                .contains(
                        org.assertj.core.groups.Tuple.tuple("http.route", "/transfers"),
                        org.assertj.core.groups.Tuple.tuple("http.response.status_code", 202L));

        final SpanData decision = only(trace, "kes.command.decide");
        assertThat(decision.getParentSpanId()).isEqualTo(request.getSpanId());
        assertThat(attribute(decision, "kes.account.id")).isEqualTo("tr-src");
        assertThat(attribute(decision, "kes.command.id")).isEqualTo("tr-1");
        assertThat(attribute(decision, "kes.command.type")).isEqualTo("TransferMoney");
        assertThat(attribute(decision, "kes.command.outcome")).isEqualTo("ACCEPTED");
        assertThat(attribute(decision, "kes.account.version")).isEqualTo(2L);

        final List<SpanData> applies = applySpans();
        assertThat(applies).allSatisfy(apply -> {
            assertThat(apply.getParentSpanId()).isEqualTo(decision.getSpanId());
            assertThat(attribute(apply, "kes.account.id")).isEqualTo("tr-src");
            assertThat(attribute(apply, "kes.event.version")).isEqualTo(2L);
        });
        assertThat(readModels(applies)).isEqualTo(READ_MODELS);
        assertThat(trace).allSatisfy(span -> assertThat(span.getTraceId()).isEqualTo(TRACE_ID));

        // the records carry the context their reader continues
        assertThat(traceparent(commandRecord("tr-1"))).isEqualTo("00-" + TRACE_ID + "-" + request.getSpanId() + "-01");
        final String decided = "00-" + TRACE_ID + "-" + decision.getSpanId() + "-01";
        final ConsumerRecord<String, byte[]> event = debitRecord("tr-1");
        assertThat(traceparent(event)).isEqualTo(decided);
        final Metadata metadata = ((TransferDebited) AvroCodec.shipped().decode(event.value())).getMetadata();
        assertThat(metadata.getExtra()).containsEntry("traceparent", decided);
    }

    @Test
    void aCommandWithoutTraceparentStartsATraceOfItsOwnAtTheRequest() throws Exception {
        final HttpTestClient http = TestServices.http(commands);
        TestServices.open(http, "tr-root", "5.00");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            final SpanData decision = exporter.getFinishedSpanItems().stream()
                    .filter(span -> span.getName().equals("kes.command.decide")
                            && "tr-root".equals(attribute(span, "kes.account.id")))
                    .findFirst()
                    .orElseThrow();
            final SpanData request = exporter.getFinishedSpanItems().stream()
                    .filter(span -> span.getSpanId().equals(decision.getParentSpanId()))
                    .findFirst()
                    .orElseThrow();
            assertThat(request.getName()).isEqualTo("POST /accounts");
            assertThat(request.getParentSpanContext().isValid()).isFalse();
            assertThat(exporter.getFinishedSpanItems())
                    .filteredOn(span -> span.getName().equals("kes.projection.apply")
                            && span.getParentSpanId().equals(decision.getSpanId()))
                    .extracting(span -> attribute(span, "kes.read_model"))
                    .contains("event-index", "monthly-snapshots", "balances");
        });
    }

    private List<SpanData> spansOf(final String traceId) {
        return exporter.getFinishedSpanItems().stream()
                .filter(span -> span.getTraceId().equals(traceId))
                .toList();
    }

    private List<SpanData> applySpans() {
        return spansOf(TRACE_ID).stream()
                .filter(span -> span.getName().equals("kes.projection.apply"))
                .toList();
    }

    private static Set<String> readModels(final List<SpanData> applies) {
        return applies.stream()
                .map(span -> (String) attribute(span, "kes.read_model"))
                .collect(Collectors.toSet());
    }

    private static SpanData only(final List<SpanData> spans, final String name) {
        final List<SpanData> named =
                spans.stream().filter(span -> span.getName().equals(name)).toList();
        assertThat(named).as("spans named %s in %s", name, spans).hasSize(1);
        return named.get(0);
    }

    private static Object attribute(final SpanData span, final String key) {
        return span.getAttributes().asMap().entrySet().stream()
                .filter(e -> e.getKey().getKey().equals(key))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    private ConsumerRecord<String, byte[]> commandRecord(final String commandId) {
        return TopicReader.readAll(kafka, topics.commands()).stream()
                .filter(record -> commandId.equals(field(AvroCodec.shipped().decode(record.value()), "commandId")))
                .findFirst()
                .orElseThrow();
    }

    private ConsumerRecord<String, byte[]> debitRecord(final String transferId) {
        return TopicReader.readAll(kafka, topics.events()).stream()
                .filter(record -> AvroCodec.shipped().decode(record.value()) instanceof TransferDebited debit
                        && debit.getTransferId().equals(transferId))
                .findFirst()
                .orElseThrow();
    }

    private static Object field(final SpecificRecord record, final String name) {
        return String.valueOf(record.get(record.getSchema().getField(name).pos()));
    }

    private static String traceparent(final ConsumerRecord<String, byte[]> record) {
        final Header header = record.headers().lastHeader("traceparent");
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
