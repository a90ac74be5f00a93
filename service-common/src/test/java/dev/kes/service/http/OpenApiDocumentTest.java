package dev.kes.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kes.service.auth.AccessTokens;
import dev.kes.service.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest {
    private static final String SAMPLE = "openapi-sample.json";

    @Test
    void listsTheOperationsAsJavalinWritesRoutes() {
        assertThat(OpenApiDocument.load(SAMPLE).operations())
                .containsExactlyInAnyOrder("GET /things/{id}", "POST /things");
    }

    @Test
    void aMissingDocumentStopsTheServiceFromStarting() {
        assertThatThrownBy(() -> OpenApiDocument.load("no/such/openapi.json"))
                .hasMessageContaining("no/such/openapi.json");
    }

    /** Like the health endpoints, the document needs no token even where every other route needs one. */
    @Test
    void isServedAsIsWithoutAToken() throws Exception {
        final AccessTokens tokens =
                AccessTokens.from(Settings.of(Map.of(AccessTokens.TOKENS_KEY, "t0k3n-t0k3n-t0k3n:read")));
        try (HttpServer server = HttpServer.start(
                HttpOptions.of("127.0.0.1", 0).withTokens(tokens),
                Json.mapper(),
                () -> null,
                () -> "",
                OpenApiDocument.load(SAMPLE)::serve)) {
            final HttpClient client = HttpClient.newHttpClient();
            final HttpResponse<byte[]> document = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + OpenApiDocument.PATH))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(document.statusCode()).isEqualTo(200);
            assertThat(document.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(document.body()).isEqualTo(sample());
            final HttpResponse<String> metrics = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode())
                    .as("other routes still need the token")
                    .isEqualTo(401);
            assertThat(server.routes())
                    .contains("GET /openapi.json", "GET /health/live", "GET /health/ready", "GET /metrics");
        }
    }

    private static byte[] sample() throws IOException {
        try (InputStream in = OpenApiDocumentTest.class.getClassLoader().getResourceAsStream(SAMPLE)) {
            return in.readAllBytes();
        }
    }
}
