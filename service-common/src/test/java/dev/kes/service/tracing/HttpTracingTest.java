package dev.kes.service.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.service.auth.AccessTokens;
import dev.kes.service.config.Settings;
import dev.kes.service.http.HttpOptions;
import dev.kes.service.http.HttpServer;
import dev.kes.service.http.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A span per matched request, ended with its status once answered (asynchronous answers too), child of the caller's
 * {@code traceparent}; what the handler passes on is that span's context. Probes, scrapes and unmatched paths have none.
 */
class HttpTracingTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";
    private static final String TOKEN = "tracing-token-0123456789";

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicReference<String> passedOn = new AtomicReference<>();
    private SdkTracerProvider provider;
    private HttpServer server;

    @BeforeEach
    void start() {
        provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build();
        final Tracing tracing = Tracing.of(
                OpenTelemetrySdk.builder().setTracerProvider(provider).build());
        server = HttpServer.start(
                HttpOptions.of("127.0.0.1", 0)
                        .withTokens(
                                AccessTokens.from(Settings.of(Map.of(AccessTokens.TOKENS_KEY, TOKEN + ":read+write"))))
                        .withRegistry(new SimpleMeterRegistry())
                        .withTracing(tracing),
                Json.mapper(),
                () -> null,
                () -> "",
                app -> {
                    app.post("/accounts/{id}/deposits", ctx -> {
                        passedOn.set(Tracing.traceparent(HttpTracing.context(ctx)));
                        // answered later, on another thread, as the command API answers
                        ctx.future(() -> CompletableFuture.supplyAsync(
                                        () -> "{}", CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS))
                                .thenAccept(body -> ctx.status(202).result(body)));
                    });
                    app.get("/broken", ctx -> {
                        throw new IllegalStateException("a bug");
                    });
                });
    }

    @AfterEach
    void stop() {
        server.close();
        provider.close();
    }

    private HttpResponse<String> send(final String method, final String path, final String... headers)
            throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        method.equals("POST")
                                ? HttpRequest.BodyPublishers.ofString("{}")
                                : HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private SpanData onlySpan() {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(exporter.getFinishedSpanItems()).hasSize(1));
        return exporter.getFinishedSpanItems().get(0);
    }

    @Test
    void anAsynchronousAnswerIsSpannedAsTheCallersChildWithRouteAndStatus() throws Exception {
        final HttpResponse<String> answer = send(
                "POST",
                "/accounts/a-1/deposits",
                "Authorization",
                "Bearer " + TOKEN,
                "traceparent",
                "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01");
        assertThat(answer.statusCode()).isEqualTo(202);

        final SpanData span = onlySpan();
        assertThat(span.getName()).isEqualTo("POST /accounts/{id}/deposits");
        assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(span.getParentSpanId()).isEqualTo(CALLER_SPAN_ID);
        assertThat(span.getAttributes().get(HttpTracing.ROUTE)).isEqualTo("/accounts/{id}/deposits");
        assertThat(span.getAttributes().get(HttpTracing.PATH)).isEqualTo("/accounts/a-1/deposits");
        assertThat(span.getAttributes().get(HttpTracing.METHOD)).isEqualTo("POST");
        assertThat(span.getAttributes().get(HttpTracing.STATUS)).isEqualTo(202L);
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        // the handler passed on this span, not the caller's
        assertThat(passedOn.get()).isEqualTo("00-" + TRACE_ID + "-" + span.getSpanId() + "-01");
    }

    @Test
    void withoutTraceparentTheRequestStartsATrace() throws Exception {
        send("POST", "/accounts/a-1/deposits", "Authorization", "Bearer " + TOKEN);

        final SpanData span = onlySpan();
        assertThat(span.getParentSpanContext().isValid()).isFalse();
        // the flags are the SDK's (sampled, and random trace id: 03)
        assertThat(passedOn.get()).startsWith("00-" + span.getTraceId() + "-" + span.getSpanId() + "-");
    }

    @Test
    void aRefusedTokenAndAServerErrorAreSpannedWithTheirStatus() throws Exception {
        assertThat(send("POST", "/accounts/a-1/deposits").statusCode()).isEqualTo(401);
        final SpanData refused = onlySpan();
        assertThat(refused.getAttributes().get(HttpTracing.STATUS)).isEqualTo(401L);
        assertThat(refused.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        exporter.reset();

        assertThat(send("GET", "/broken", "Authorization", "Bearer " + TOKEN).statusCode())
                .isEqualTo(500);
        final SpanData broken = onlySpan();
        assertThat(broken.getName()).isEqualTo("GET /broken");
        assertThat(broken.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }

    @Test
    void probesScrapesAndUnknownPathsAreNotSpanned() throws Exception {
        assertThat(send("GET", "/health/ready").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/health/live").statusCode()).isEqualTo(200);
        send("GET", "/metrics", "Authorization", "Bearer " + TOKEN);
        assertThat(send("GET", "/nowhere", "Authorization", "Bearer " + TOKEN).statusCode())
                .isEqualTo(404);
        // a request answered after them is the only one spanned: they were all logged before it
        send("POST", "/accounts/a-1/deposits", "Authorization", "Bearer " + TOKEN);

        final List<SpanData> spans = List.of(onlySpan());
        assertThat(spans).extracting(SpanData::getName).containsExactly("POST /accounts/{id}/deposits");
    }
}
