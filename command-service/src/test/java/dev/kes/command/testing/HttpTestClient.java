package dev.kes.command.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A plain JDK HTTP client for the tests: what a user's curl would send. */
public final class HttpTestClient {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String base;

    public HttpTestClient(final int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public HttpResponse<String> get(final String path) throws IOException {
        return send(request(path).GET().build());
    }

    /** Any method, without a body, with header name/value pairs. */
    public HttpResponse<String> send(final String method, final String path, final String... headers)
            throws IOException {
        return send(request(path, headers)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build());
    }

    public HttpResponse<String> postJson(final String path, final String body, final String... headers)
            throws IOException {
        return post(path, "application/json", body, headers);
    }

    /** A null body sends none; a null content type sends no Content-Type header. */
    public HttpResponse<String> post(
            final String path, final String contentType, final String body, final String... headers)
            throws IOException {
        return send(withContentType(request(path, headers), contentType)
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** Without a Content-Length: the server sees a chunked body and cannot refuse it up front. */
    public HttpResponse<String> postChunked(final String path, final String body) throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return send(withContentType(request(path), "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build());
    }

    /** Like {@link #postJson} but a failure to connect or read the answer is an unchecked exception. */
    public HttpResponse<String> postJsonUnchecked(final String path, final String body, final String... headers) {
        try {
            return postJson(path, body, headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Like {@link #postJson} without waiting: many such requests are in flight at once, each on its connection. */
    public CompletableFuture<HttpResponse<String>> postJsonAsync(
            final String path, final String body, final String... headers) {
        return CLIENT.sendAsync(
                withContentType(request(path, headers), "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder withContentType(final HttpRequest.Builder builder, final String contentType) {
        return contentType == null ? builder : builder.header("Content-Type", contentType);
    }

    private HttpRequest.Builder request(final String path, final String... headers) {
        final HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private static HttpResponse<String> send(final HttpRequest request) throws IOException {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
