package dev.kes.projection.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Another instance's answer to a forwarded query, relayed as is (status, body, content type, ETag, Retry-After and
 * every {@code X-Kes-*} header), so each endpoint's 4xx problems and 304s stay exactly what that instance said.
 */
record PeerAnswer(int status, Map<String, List<String>> headers, byte[] body) {
    private static final List<String> RELAYED_HEADERS = List.of("content-type", "etag", "retry-after");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Whether the peer had no copy it could answer from (rebalancing, restoring, no such partition there), so another
     * copy may be asked. A copy that did not reach a {@code ?position=} in time is an answer: the others trail the
     * active copy, so they would not have reached it either.
     */
    boolean unavailable() {
        return status == 503 && !Unavailable.POSITION_NOT_REACHED_TYPE.equals(problemType());
    }

    void relayTo(final Context ctx) {
        ctx.status(status);
        headers.forEach((name, values) -> {
            final String lower = name.toLowerCase(Locale.ROOT);
            if (!values.isEmpty() && (RELAYED_HEADERS.contains(lower) || lower.startsWith("x-kes-"))) {
                ctx.header(name, values.get(0));
            }
        });
        ctx.result(body);
    }

    private String problemType() {
        try {
            return JSON.readTree(body).path("type").asText();
        } catch (IOException e) {
            return ""; // not a problem of this service (a proxy's page, say): nothing to tell it from "unavailable"
        }
    }
}
