package dev.kes.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed requests refused before any route runs get problem+json: those Jetty refuses before Javalin sees them
 * (not Jetty's HTML page) and those Javalin would have decoded leniently. Sent over a raw socket: java.net.http will
 * not send most of them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedRequestsTest {
    private static final ObjectMapper MAPPER = Json.mapper();
    private static final String END = " HTTP/1.1\r\nHost: kes\r\nConnection: close\r\n";
    private HttpServer server;

    @BeforeAll
    void start() {
        server = HttpServer.start(
                "127.0.0.1",
                0,
                MAPPER,
                () -> null,
                () -> "",
                app -> app.get("/accounts/{id}", ctx -> ctx.json(Map.of("id", ctx.pathParam("id")))));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("NUL in the path", "GET /accounts/%00" + END, 400),
                Arguments.of("bad percent-encoding", "GET /accounts/%zz" + END, 400),
                Arguments.of("truncated percent-encoding", "GET /accounts/a%2" + END, 400),
                Arguments.of("a raw non-ASCII byte in the path", "GET /accounts/\u00e9" + END, 400),
                Arguments.of("a control character in a header", "GET /accounts/a" + END + "X-Odd: a\u0001b\r\n", 400),
                Arguments.of("no Host", "GET /accounts/a HTTP/1.1\r\nConnection: close\r\n", 400),
                Arguments.of("two Hosts", "GET /accounts/a" + END + "Host: other\r\n", 400),
                Arguments.of("Content-Length not a number", "POST /accounts/a" + END + "Content-Length: ten\r\n", 400),
                Arguments.of(
                        "Content-Length beyond a long",
                        "POST /accounts/a" + END + "Content-Length: 99999999999999999999\r\n",
                        400),
                Arguments.of(
                        "chunked not last", "POST /accounts/a" + END + "Transfer-Encoding: chunked, gzip\r\n", 400),
                Arguments.of("absolute URI of another authority", "GET http://elsewhere/accounts/a" + END, 400),
                Arguments.of("request line without a URI", "GARBAGE\r\n", 400),
                Arguments.of("request target *", "GET *" + END, 400),
                Arguments.of("request target * with PUT", "PUT *" + END, 400),
                Arguments.of("URI over 8 KiB", "GET /accounts/" + "a".repeat(9000) + END, 414),
                Arguments.of(
                        "headers over 8 KiB", "GET /accounts/a" + END + "X-Big: " + "b".repeat(9000) + "\r\n", 431),
                Arguments.of("bad percent-encoding in a path parameter", "GET /accounts/%u0041" + END, 400),
                Arguments.of("bad percent-encoding in the query", "GET /accounts/a?at=%zz" + END, 400),
                Arguments.of("a lone % in the query", "GET /accounts/a?at=%" + END, 400),
                Arguments.of("a method in lower case", "get /accounts/a" + END, 405),
                Arguments.of("an unknown method", "BREW /accounts/a" + END, 405),
                // the one 5xx (RFC 9110 15.6.6): a request line that is not HTTP/1.x is not HTTP this server speaks
                Arguments.of("HTTP/9.9", "GET /accounts/a HTTP/9.9\r\nHost: kes\r\n", 505),
                Arguments.of("HTTP/0.9 (no version)", "GET /accounts/a\r\n", 505));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void isAProblem(final String name, final String head, final int status) throws IOException {
        final String response = exchange(head + "\r\n");
        final int split = response.indexOf("\r\n\r\n");
        assertThat(split).as(response).isPositive();
        final String headers = response.substring(0, split).toLowerCase();
        assertThat(headers).startsWith("http/1.1 " + status + " ").contains("content-type: " + Problem.MEDIA_TYPE);
        final JsonNode body = MAPPER.readTree(response.substring(split + 4));
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("type").asText()).startsWith("urn:kes:problem:");
        assertThat(body.get("title").asText()).isNotBlank();
    }

    private String exchange(final String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            final OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            // the body may be UTF-8 (it echoes the request), the head is ISO-8859-1: ASCII covers what is asserted
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
