package dev.kes.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.service.auth.AccessTokens;
import dev.kes.service.config.Settings;
import dev.kes.service.logging.LogContext;
import dev.kes.service.metrics.HttpMetrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Bearer tokens with read/write scopes, request metrics by route template, and the correlation id in the MDC. */
class HttpServerSecurityTest {
    private static final ObjectMapper MAPPER = Json.mapper();
    private static final String WRITER = "writer-token-0123456789";
    private static final String READER = "reader-token-0123456789";
    private static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();
    private static HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        final AccessTokens tokens =
                AccessTokens.from(Settings.of(Map.of(AccessTokens.TOKENS_KEY, WRITER + ":write," + READER + ":read")));
        server = HttpServer.start(
                HttpOptions.of("127.0.0.1", 0).withTokens(tokens).withRegistry(REGISTRY),
                MAPPER,
                () -> null,
                () -> "kes_up 1\n",
                app -> {
                    app.get(
                            "/things/{id}",
                            ctx -> ctx.json(Map.of(
                                    "id",
                                    ctx.pathParam("id"),
                                    "correlationId",
                                    String.valueOf(MDC.get(LogContext.CORRELATION_ID)))));
                    app.post("/things", ctx -> ctx.status(201).json(Map.of("created", true)));
                });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private HttpResponse<String> send(final String method, final String path, final String... headers)
            throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode problem(final HttpResponse<String> response, final int status, final String kind)
            throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith(Problem.MEDIA_TYPE);
        final JsonNode node = MAPPER.readTree(response.body());
        assertThat(node.get("type").asText()).isEqualTo("urn:kes:problem:" + kind);
        assertThat(node.get("status").asInt()).isEqualTo(status);
        return node;
    }

    @Test
    void withoutATokenOnly401sButHealthStaysOpen() throws Exception {
        final HttpResponse<String> read = send("GET", "/things/1");
        problem(read, 401, "unauthorized");
        assertThat(read.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"kes\"");
        problem(send("POST", "/things"), 401, "unauthorized");
        problem(send("GET", "/metrics"), 401, "unauthorized");
        problem(send("GET", "/things/1", "Authorization", "Basic dXNlcjpwYXNz"), 401, "unauthorized");
        assertThat(send("GET", "/health/live").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void anUnknownTokenIs401WithInvalidToken() throws Exception {
        final HttpResponse<String> response = send("GET", "/things/1", "Authorization", "Bearer " + READER + "x");
        problem(response, 401, "unauthorized");
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"kes\", error=\"invalid_token\"");
    }

    @Test
    void aTokenWithoutTheScopeIs403() throws Exception {
        final HttpResponse<String> write = send("POST", "/things", "Authorization", "Bearer " + READER);
        problem(write, 403, "forbidden");
        assertThat(write.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"kes\", error=\"insufficient_scope\", scope=\"write\"");
        problem(send("GET", "/things/1", "Authorization", "Bearer " + WRITER), 403, "forbidden");
    }

    @Test
    void theRightScopeGetsThrough() throws Exception {
        assertThat(send("POST", "/things", "Authorization", "Bearer " + WRITER).statusCode())
                .isEqualTo(201);
        assertThat(send("GET", "/things/1", "authorization", "bearer " + READER).statusCode())
                .isEqualTo(200);
        final HttpResponse<String> metrics = send("GET", "/metrics", "Authorization", "Bearer " + READER);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("kes_up 1");
    }

    @Test
    void unknownPathsStay404() throws Exception {
        problem(send("GET", "/nothing/here", "Authorization", "Bearer " + READER), 404, "not-found");
    }

    @Test
    void theCorrelationIdIsInTheMdcWhileTheRequestIsHandled() throws Exception {
        final HttpResponse<String> response =
                send("GET", "/things/7", "Authorization", "Bearer " + READER, "X-Correlation-Id", "trace-42");
        assertThat(MAPPER.readTree(response.body()).get("correlationId").asText())
                .isEqualTo("trace-42");
        final HttpResponse<String> forged =
                send("GET", "/things/7", "Authorization", "Bearer " + READER, "X-Correlation-Id", "two words");
        assertThat(MAPPER.readTree(forged.body()).get("correlationId").asText()).isEqualTo("null");
    }

    @Test
    void requestsAreCountedByRouteTemplateAndStatus() throws Exception {
        send("GET", "/things/a", "Authorization", "Bearer " + READER);
        send("GET", "/things/b", "Authorization", "Bearer " + READER);
        send("GET", "/things/c");
        send("GET", "/no/such/path/" + System.nanoTime(), "Authorization", "Bearer " + READER);
        // the request logger runs once the response is written, so the client may see it first
        await().untilAsserted(() -> {
            assertThat(count("GET", "/things/{id}", "200")).isGreaterThanOrEqualTo(2);
            assertThat(count("GET", "/things/{id}", "401")).isGreaterThanOrEqualTo(1);
            assertThat(count("GET", HttpMetrics.UNMATCHED, "404")).isGreaterThanOrEqualTo(1);
        });
        assertThat(REGISTRY.find(HttpMetrics.REQUESTS).timers())
                .allSatisfy(timer -> assertThat(timer.getId().getTag("route")).doesNotContain("/no/such"));
    }

    private static long count(final String method, final String route, final String status) {
        final Timer timer = REGISTRY.find(HttpMetrics.REQUESTS)
                .tags("method", method, "route", route, "status", status)
                .timer();
        return timer == null ? 0 : timer.count();
    }
}
