package dev.kes.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpServerTest {
    private static final ObjectMapper MAPPER = Json.mapper();
    private static final AtomicReference<String> NOT_READY = new AtomicReference<>("starting");
    private static HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = HttpServer.start("127.0.0.1", 0, MAPPER, NOT_READY::get, () -> "kes_up 1\n", app -> {
            app.post("/echo", ctx -> {
                final JsonBody body = JsonBody.read(ctx, MAPPER, false).allowOnly(Set.of("amount", "name"));
                ctx.json(Map.of("amount", body.requiredMoney("amount").toPlainString()));
            });
            app.get("/boom", ctx -> {
                throw new IllegalStateException("a bug");
            });
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private HttpResponse<String> send(final HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder at(final String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    }

    private HttpResponse<String> post(final String contentType, final String body) throws Exception {
        return send(at("/echo").header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static JsonNode problem(final HttpResponse<String> response, final int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith(Problem.MEDIA_TYPE);
        final JsonNode node = MAPPER.readTree(response.body());
        assertThat(node.get("status").asInt()).isEqualTo(status);
        assertThat(node.get("type").asText()).startsWith("urn:kes:problem:");
        return node;
    }

    @Test
    void keepsDecimalsExact() throws Exception {
        final HttpResponse<String> response = post("application/json", "{\"amount\": 0.10}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(MAPPER.readTree(response.body()).get("amount").asText()).isEqualTo("0.10");
    }

    @Test
    void malformedBodiesAre400() throws Exception {
        problem(post("application/json", "{"), 400);
        problem(post("application/json", "{\"amount\":1} trailing"), 400);
        problem(post("application/json", "{\"amount\":1,\"amount\":2}"), 400);
        problem(post("application/json", "[".repeat(5000) + "]".repeat(5000)), 400);
        problem(post("application/json", "{\"other\":1}"), 400);
        problem(post("application/json", "\"just a string\""), 400);
        problem(post("application/json", "{\"amount\":{\"nested\":1}}"), 400);
        problem(post("application/json", "{\"amount\":1e2147483648}"), 400);
        problem(post("application/json", "{\"amount\":1e-2147483648}"), 400);
        problem(post("application/json", "{\"amount\":\"1e2147483648\"}"), 400);
    }

    @Test
    void amountsAreAsciiDecimals() throws Exception {
        problem(post("application/json", "{\"amount\":\"\u0661\u0662\"}"), 400);
        problem(post("application/json", "{\"amount\":\"\uff11\"}"), 400);
        problem(post("application/json", "{\"amount\":\"1\u20280\"}"), 400);
        assertThat(post("application/json", "{\"amount\":\" +1.5 \"}").body()).contains("\"1.5\"");
    }

    @Test
    void problemsAreUtf8() throws Exception {
        final JsonNode node = problem(post("application/json", "{\"ammount\u00e9\u20ac\":1}"), 400);
        assertThat(node.get("detail").asText()).contains("ammount\u00e9\u20ac");
    }

    @Test
    void otherMediaTypesAre415() throws Exception {
        problem(post("text/plain", "{\"amount\":1}"), 415);
        problem(post("application/x-www-form-urlencoded", "amount=1"), 415);
    }

    @Test
    void bodiesOver64KiBAre413EvenWhenChunked() throws Exception {
        final String big = "{\"name\":\"" + "x".repeat(70_000) + "\"}";
        problem(post("application/json", big), 413);
        final HttpRequest.BodyPublisher chunked =
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes()));
        problem(send(at("/echo").header("Content-Type", "application/json").POST(chunked)), 413);
    }

    @Test
    void chunkedBodiesWithinTheLimitAreRead() throws Exception {
        final byte[] body = "{\"amount\": 2.50}".getBytes(StandardCharsets.UTF_8);
        final HttpRequest.BodyPublisher chunked =
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
        final HttpResponse<String> response =
                send(at("/echo").header("Content-Type", "application/json").POST(chunked));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(MAPPER.readTree(response.body()).get("amount").asText()).isEqualTo("2.50");
    }

    @Test
    void aBodyEndingBeforeItsContentLengthIs400() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            final OutputStream out = socket.getOutputStream();
            out.write(("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 100\r\n\r\n{\"amount\": 1}")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.shutdownOutput();
            final String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400 ").contains(Problem.MEDIA_TYPE);
        }
    }

    @Test
    void unknownPathsAreNotFound() throws Exception {
        problem(send(at("/nothing/here").GET()), 404);
        problem(send(at("/nothing/here").DELETE()), 404);
    }

    @Test
    void aMethodAKnownPathLacksIs405NamingTheOnesItHas() throws Exception {
        final HttpResponse<String> get = send(at("/echo").GET());
        final JsonNode node = problem(get, 405);
        assertThat(node.get("type").asText()).isEqualTo("urn:kes:problem:method-not-allowed");
        assertThat(node.get("detail").asText()).contains("GET", "/echo", "POST");
        assertThat(get.headers().allValues("Allow")).containsExactly("POST");

        final HttpResponse<String> delete = send(at("/boom").DELETE());
        problem(delete, 405);
        assertThat(delete.headers().firstValue("Allow"))
                .hasValueSatisfying(allow -> assertThat(allow.split(", ")).contains("GET"));
        // whatever the client says it accepts, the answer is a problem with Allow
        final HttpResponse<String> html =
                send(at("/echo").header("Accept", "text/html").PUT(HttpRequest.BodyPublishers.ofString("{}")));
        problem(html, 405);
        assertThat(html.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void aHandlerBugIsA500ProblemWithoutAStackTrace() throws Exception {
        final JsonNode node = problem(send(at("/boom").GET()), 500);
        assertThat(node.toString()).doesNotContain("IllegalStateException").doesNotContain("at dev.kes");
    }

    @Test
    void readinessAndMetrics() throws Exception {
        NOT_READY.set("starting");
        final HttpResponse<String> notReady = send(at("/health/ready").GET());
        assertThat(notReady.statusCode()).isEqualTo(503);
        NOT_READY.set(null);
        assertThat(send(at("/health/ready").GET()).statusCode()).isEqualTo(200);
        assertThat(send(at("/health/live").GET()).statusCode()).isEqualTo(200);
        assertThat(send(at("/metrics").GET()).body()).contains("kes_up 1");
    }
}
