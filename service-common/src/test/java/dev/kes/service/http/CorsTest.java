package dev.kes.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kes.service.auth.AccessTokens;
import dev.kes.service.config.ConfigException;
import dev.kes.service.config.Settings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * CORS for the configured origins only: the preflight a browser sends before a POST with If-Match and
 * Idempotency-Key, the headers of the answers it may read (problems too), and nothing for any other origin or when
 * no origin is configured.
 */
class CorsTest {
    private static final String CONSOLE = "http://127.0.0.1:8081";
    private final HttpClient client = HttpClient.newHttpClient();

    private static HttpServer server(final Set<String> origins, final AccessTokens tokens) {
        // with request metrics, as every service runs: a preflight answered before any route is recorded too
        return HttpServer.start(
                HttpOptions.of("127.0.0.1", 0).withTokens(tokens).withRegistry(new SimpleMeterRegistry()),
                Json.mapper(),
                () -> null,
                () -> "",
                app -> {
                    app.post(
                            "/accounts/{id}/deposits",
                            ctx -> ctx.status(200)
                                    .header("ETag", "\"2\"")
                                    .header("Location", "/accounts/" + ctx.pathParam("id"))
                                    .json(Map.of("version", 2)));
                    app.post("/refused", ctx -> {
                        throw Problem.of(422, "insufficient-funds", "Insufficient funds", "no")
                                .exception();
                    });
                    Cors.allow(app, origins);
                });
    }

    private HttpResponse<String> send(
            final HttpServer server,
            final String method,
            final String path,
            final Consumer<HttpRequest.Builder> headers)
            throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + path))
                .method(
                        method,
                        method.equals("POST")
                                ? HttpRequest.BodyPublishers.ofString("{}")
                                : HttpRequest.BodyPublishers.noBody());
        headers.accept(request);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void preflight(final HttpRequest.Builder request, final String origin) {
        request.header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,if-match,idempotency-key");
    }

    @Test
    void aListedOriginsPreflightAllowsThePostWithItsHeaders() throws Exception {
        try (HttpServer server = server(Set.of(CONSOLE), AccessTokens.none())) {
            final HttpResponse<String> answer =
                    send(server, "OPTIONS", "/accounts/a-1/deposits", r -> preflight(r, CONSOLE));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(204);
            assertThat(answer.headers().firstValue("Access-Control-Allow-Origin"))
                    .hasValue(CONSOLE);
            assertThat(answer.headers()
                            .firstValue("Access-Control-Allow-Methods")
                            .orElse(""))
                    .contains("POST");
            assertThat(answer.headers()
                            .firstValue("Access-Control-Allow-Headers")
                            .orElse("")
                            .toLowerCase())
                    .contains("content-type", "if-match", "idempotency-key", "authorization");
            assertThat(answer.headers().firstValue("Vary")).hasValue("Origin");
        }
    }

    @Test
    void answersToAListedOriginNameItAndExposeETagAndLocationProblemsToo() throws Exception {
        final AccessTokens tokens =
                AccessTokens.from(Settings.of(Map.of(AccessTokens.TOKENS_KEY, "console-token-0123456789:read+write")));
        try (HttpServer server = server(Set.of(CONSOLE), tokens)) {
            final HttpResponse<String> ok = send(
                    server,
                    "POST",
                    "/accounts/a-1/deposits",
                    r -> r.header("Origin", CONSOLE)
                            .header("Authorization", "Bearer console-token-0123456789")
                            .header("Content-Type", "application/json"));
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).hasValue(CONSOLE);
            assertThat(ok.headers().firstValue("Access-Control-Expose-Headers").orElse(""))
                    .contains("ETag", "Location");

            final HttpResponse<String> refused = send(
                    server,
                    "POST",
                    "/refused",
                    r -> r.header("Origin", CONSOLE)
                            .header("Authorization", "Bearer console-token-0123456789")
                            .header("Content-Type", "application/json"));
            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(refused.headers().firstValue("Access-Control-Allow-Origin"))
                    .hasValue(CONSOLE);

            // the preflight carries no token (browsers never send one): it is answered all the same
            assertThat(send(server, "OPTIONS", "/accounts/a-1/deposits", r -> preflight(r, CONSOLE))
                            .statusCode())
                    .isEqualTo(204);
            final HttpResponse<String> noToken = send(
                    server,
                    "POST",
                    "/accounts/a-1/deposits",
                    r -> r.header("Origin", CONSOLE).header("Content-Type", "application/json"));
            assertThat(noToken.statusCode()).isEqualTo(401);
            assertThat(noToken.headers().firstValue("Access-Control-Allow-Origin"))
                    .hasValue(CONSOLE);
        }
    }

    @Test
    void anotherOriginGetsNoCorsHeader() throws Exception {
        try (HttpServer server = server(Set.of(CONSOLE), AccessTokens.none())) {
            final HttpResponse<String> preflight =
                    send(server, "OPTIONS", "/accounts/a-1/deposits", r -> preflight(r, "http://evil.example"));
            assertThat(preflight.statusCode()).isEqualTo(405);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                    .isEmpty();
            final HttpResponse<String> post = send(
                    server,
                    "POST",
                    "/accounts/a-1/deposits",
                    r -> r.header("Origin", "http://evil.example").header("Content-Type", "application/json"));
            assertThat(post.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void noOriginsConfiguredMeansNoCorsAtAll() throws Exception {
        try (HttpServer server = server(Set.of(), AccessTokens.none())) {
            final HttpResponse<String> preflight =
                    send(server, "OPTIONS", "/accounts/a-1/deposits", r -> preflight(r, CONSOLE));
            assertThat(preflight.statusCode()).isEqualTo(405);
            assertThat(preflight.headers().map().keySet())
                    .noneMatch(h -> h.toLowerCase().startsWith("access-control"));
            final HttpResponse<String> post = send(
                    server,
                    "POST",
                    "/accounts/a-1/deposits",
                    r -> r.header("Origin", CONSOLE).header("Content-Type", "application/json"));
            assertThat(post.statusCode()).isEqualTo(200);
            assertThat(post.headers().map().keySet())
                    .noneMatch(h -> h.toLowerCase().startsWith("access-control"));
            assertThat(post.headers().firstValue("Vary")).isEmpty();
        }
    }

    @Test
    void theSettingListsOriginsOnly() {
        assertThat(Cors.parseOrigins("http.cors.origins", " http://127.0.0.1:8081, https://Console.Example ,"))
                .containsExactlyInAnyOrder(CONSOLE, "https://console.example");
        assertThat(Cors.parseOrigins("http.cors.origins", "")).isEmpty();
        for (final String bad : new String[] {"*", "127.0.0.1:8081", "http://x.example/console", "null"}) {
            assertThatThrownBy(() -> Cors.parseOrigins("http.cors.origins", bad))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("http.cors.origins");
        }
    }
}
