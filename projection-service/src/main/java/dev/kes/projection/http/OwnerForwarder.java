package dev.kes.projection.http;

import dev.kes.service.http.Problem;
import io.javalin.http.Context;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Sends a query to the instance that owns the account, as the same path and query string with
 * {@value #FORWARDED_HEADER} (so the owner answers from its own stores and never forwards again), and relays its
 * answer: status, body, content type, ETag, Retry-After and every {@code X-Kes-*} header. Relaying the answer as is
 * keeps each endpoint's 4xx problems (and 304s) exactly what the owner said.
 */
final class OwnerForwarder {
    static final String FORWARDED_HEADER = "X-Kes-Forwarded";
    private static final List<String> REQUEST_HEADERS = List.of("If-None-Match", "Accept", "X-Correlation-Id");
    private static final List<String> RESPONSE_HEADERS = List.of("content-type", "etag", "retry-after");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration ANSWER_MARGIN = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
    private final Duration timeout;

    /** @param positionWait how long the owner may wait on a {@code ?position=} before it answers */
    OwnerForwarder(final Duration positionWait) {
        this.timeout = positionWait.plus(ANSWER_MARGIN);
    }

    static boolean isForwarded(final Context ctx) {
        return ctx.header(FORWARDED_HEADER) != null;
    }

    void relay(final Context ctx, final String owner) throws InterruptedException {
        final String query = ctx.queryString();
        final URI uri = URI.create("http://" + owner + ctx.path() + (query == null || query.isEmpty() ? "" : "?" + query));
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                .header(FORWARDED_HEADER, "true");
        for (final String name : REQUEST_HEADERS) {
            final String value = ctx.header(name);
            if (value != null) {
                request.header(name, value);
            }
        }
        final HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw Problem.of(503, "projection-unavailable", "Projection not available",
                    "the owner " + owner + " of this account cannot be reached: " + e.getMessage()).exception();
        }
        ctx.status(response.statusCode());
        response.headers().map().forEach((name, values) -> {
            final String lower = name.toLowerCase(Locale.ROOT);
            if (!values.isEmpty() && (RESPONSE_HEADERS.contains(lower) || lower.startsWith("x-kes-"))) {
                ctx.header(name, values.get(0));
            }
        });
        ctx.result(response.body());
    }
}
