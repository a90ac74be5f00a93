package dev.kes.projection.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.service.auth.AccessTokens;
import dev.kes.service.config.ConfigException;
import dev.kes.service.config.Settings;
import dev.kes.service.http.HttpOptions;
import dev.kes.service.http.HttpServer;
import dev.kes.service.http.Json;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The console's files at {@code /ui/} and its {@code config.json}: served from the classpath with their media types,
 * without a token while the API needs one, nothing outside the console's folder, and the command URL from
 * {@code ui.command.url}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleRoutesTest {
    private static final String TOKEN = "console-test-token-0123456789";
    private HttpServer server;
    private TestHttp http;

    @BeforeAll
    void start() {
        final AccessTokens tokens = AccessTokens.from(Settings.of(Map.of(AccessTokens.TOKENS_KEY, TOKEN + ":read")));
        server = HttpServer.start(
                HttpOptions.of("127.0.0.1", 0).withTokens(tokens), Json.mapper(), () -> null, () -> "", app -> {
                    QueryRoutes.register(app, new FakeQueries(), java.time.Duration.ofMillis(100));
                    ConsoleRoutes.register(app, "http://127.0.0.1:8080/");
                });
        http = new TestHttp(server.port());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void servesThePageItsModulesAndTheVendoredChartLibraryWithoutAToken() {
        for (final String path : new String[] {"/ui", "/ui/", "/ui/index.html"}) {
            final HttpResponse<String> page = http.get(path);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
            assertThat(page.body())
                    .contains("<title>kes console</title>", "/ui/console.js", "/ui/vendor/chart.umd.min.js");
            assertThat(page.headers().firstValue("Content-Security-Policy"))
                    .hasValueSatisfying(policy -> assertThat(policy)
                            .contains("default-src 'self'", "connect-src 'self' http://127.0.0.1:8080"));
        }
        for (final String module : new String[] {"/ui/console.js", "/ui/api.js", "/ui/vendor/chart.umd.min.js"}) {
            final HttpResponse<String> script = http.get(module);
            assertThat(script.statusCode()).as(module).isEqualTo(200);
            assertThat(script.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
        }
        assertThat(http.get("/ui/vendor/chart.js-LICENSE.md").body()).contains("MIT License");
        // the data itself still needs the token
        assertThat(http.get("/accounts/a").statusCode()).isEqualTo(401);
    }

    @Test
    void configNamesTheCommandService() throws Exception {
        final HttpResponse<String> config = http.get("/ui/config.json");
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(config.body()).get("commandUrl").asText())
                .isEqualTo("http://127.0.0.1:8080");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/ui/missing.js",
                "/ui/../openapi.json",
                "/ui/%2e%2e/openapi.json",
                "/ui/.hidden.js",
                "/ui/vendor/../../logback.xml",
                "/ui/console.java",
                "/ui/dev/kes/projection/openapi.json"
            })
    void nothingElseIsServed(final String path) {
        final HttpResponse<String> answer = http.get(path);
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isIn(400, 404);
        assertThat(answer.body()).doesNotContain("\"openapi\"").doesNotContain("<configuration");
    }

    @Test
    void theCommandUrlSettingIsAnHttpUrlOrNothing() {
        assertThat(ProjectionServiceConfig.of(Map.of()).uiCommandUrl()).isEmpty();
        assertThat(ProjectionServiceConfig.of(Map.of("ui.command.url", "https://commands.example/api"))
                        .uiCommandUrl())
                .isEqualTo("https://commands.example/api");
        assertThatThrownBy(() -> ProjectionServiceConfig.of(Map.of("ui.command.url", "127.0.0.1:8080")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ui.command.url");
    }
}
