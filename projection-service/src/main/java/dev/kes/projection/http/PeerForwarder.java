package dev.kes.projection.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks another instance (the account's owner, or one holding a standby copy) the same query: the same path and
 * query string with {@value #FORWARDED_HEADER}, so that instance answers from its own stores and never forwards
 * again. The caller's {@code Authorization} goes along: the peer checks the caller's token itself (all instances
 * share the token configuration), so forwarding neither needs a token of its own nor widens anyone's access.
 */
final class PeerForwarder {
    static final String FORWARDED_HEADER = "X-Kes-Forwarded";
    private static final Logger LOG = LoggerFactory.getLogger(PeerForwarder.class);
    private static final List<String> REQUEST_HEADERS =
            List.of("Authorization", "If-None-Match", "Accept", "X-Correlation-Id");
    /** A peer that is gone refuses at once on most networks; this bounds the wait where packets are dropped. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private static final Duration ANSWER_MARGIN = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
    private final Duration timeout;

    /** @param positionWait how long the peer may wait on a {@code ?position=} before it answers */
    PeerForwarder(final Duration positionWait) {
        this.timeout = positionWait.plus(ANSWER_MARGIN);
    }

    static boolean isForwarded(final Context ctx) {
        return ctx.header(FORWARDED_HEADER) != null;
    }

    /** The peer's answer, or empty when it cannot be reached or does not answer in time. */
    Optional<PeerAnswer> ask(final Context ctx, final String peer) throws InterruptedException {
        return ask(ctx, peer, Map.of());
    }

    /** The same, sending {@code headers} as well (what the peer is to read, where the path does not say it). */
    Optional<PeerAnswer> ask(final Context ctx, final String peer, final Map<String, String> headers)
            throws InterruptedException {
        final String query = ctx.queryString();
        final URI uri =
                URI.create("http://" + peer + ctx.path() + (query == null || query.isEmpty() ? "" : "?" + query));
        final HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(timeout).GET().header(FORWARDED_HEADER, "true");
        for (final String name : REQUEST_HEADERS) {
            final String value = ctx.header(name);
            if (value != null) {
                request.header(name, value);
            }
        }
        headers.forEach(request::header);
        try {
            final HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return Optional.of(
                    new PeerAnswer(response.statusCode(), response.headers().map(), response.body()));
        } catch (IOException e) {
            // expected while an instance fails over; the caller tries the next copy or answers 503
            LOG.debug("peer {} not reachable for {}: {}", peer, uri.getPath(), e.toString());
            return Optional.empty();
        }
    }
}
