package dev.kes.projection.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.service.http.HttpServer;
import dev.kes.service.http.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** HTTP semantics of the query API beyond its bodies (RFC 9110), over {@link FakeQueries}: the account is at 3. */
class ConditionalGetTest {
    private static final String PATH = "/accounts/ada";

    private final FakeQueries queries = new FakeQueries();
    private final HttpServer server = HttpServer.start(
            "127.0.0.1",
            0,
            Json.mapper(),
            () -> null,
            () -> "",
            app -> QueryRoutes.register(app, queries, Duration.ofMillis(300)));
    private final TestHttp http = new TestHttp(server.port());

    ConditionalGetTest() {
        queries.self = "127.0.0.1:" + server.port();
        queries.place(queries.self, List.of(), true, true);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void ifNoneMatchIsAWeakComparisonOverAListOrAStar() {
        for (final String matching : List.of("\"3\"", "W/\"3\"", "\"2\", \"3\"", "\"1\",W/\"3\"", "*")) {
            final HttpResponse<String> answer = http.get(PATH, "If-None-Match", matching);
            assertThat(answer.statusCode()).as(matching).isEqualTo(304);
            assertThat(answer.headers().firstValue("ETag")).as(matching).hasValue("\"3\"");
            assertThat(answer.body()).as(matching).isEmpty();
        }
        // the tags may also come in several header lines
        assertThat(http.get(PATH, "If-None-Match", "\"2\"", "If-None-Match", "\"3\"")
                        .statusCode())
                .isEqualTo(304);
        for (final String other : List.of("\"2\"", "W/\"4\", \"5\"", "3", "\"3")) {
            final HttpResponse<String> answer = http.get(PATH, "If-None-Match", other);
            assertThat(answer.statusCode()).as(other).isEqualTo(200);
            assertThat(answer.headers().firstValue("ETag")).as(other).hasValue("\"3\"");
        }
    }

    @Test
    void aMethodTheQueryApiHasNotIs405WithAllow() {
        for (final String path : List.of(PATH, PATH + "/balance", PATH + "/events", PATH + "/monthly-snapshots")) {
            for (final String method : List.of("DELETE", "PUT", "POST")) {
                final HttpResponse<String> answer = http.send(method, path);
                assertThat(answer.statusCode()).as(method + " " + path).isEqualTo(405);
                assertThat(answer.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
                assertThat(answer.body()).contains("urn:kes:problem:method-not-allowed");
                assertThat(answer.headers().firstValue("Allow"))
                        .as(method + " " + path)
                        .hasValueSatisfying(allow ->
                                assertThat(allow.split(", ")).contains("GET").doesNotContain(method));
            }
        }
        assertThat(http.send("DELETE", "/nothing/here").statusCode()).isEqualTo(404);
    }
}
