package dev.kes.service.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem detail. {@code type} is stable per kind of error so clients can branch on it;
 * extension members (for example {@code currentVersion}) are carried in {@code extensions}.
 */
public record Problem(int status, String type, String title, String detail, Map<String, Object> extensions) {
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:kes:problem:";

    public Problem {
        extensions = Map.copyOf(extensions);
    }

    public static Problem of(final int status, final String kind, final String title, final String detail) {
        return new Problem(status, TYPE_PREFIX + kind, title, detail, Map.of());
    }

    public Problem with(final String member, final Object value) {
        final Map<String, Object> copy = new LinkedHashMap<>(extensions);
        copy.put(member, value);
        return new Problem(status, type, title, detail, copy);
    }

    public ProblemException exception() {
        return new ProblemException(this);
    }

    /** The JSON body: the standard members first, then the extensions. */
    public Map<String, Object> body(final String instance) {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        if (instance != null) {
            body.put("instance", instance);
        }
        body.putAll(extensions);
        return body;
    }

    public static Problem badRequest(final String detail) {
        return of(400, "invalid-request", "The request is not valid", detail);
    }

    public static Problem notFound(final String detail) {
        return of(404, "not-found", "Not found", detail);
    }

    /**
     * The problem for an HTTP status that the framework (Javalin or Jetty) chose, not a handler: a stable type per
     * status. The detail of a 5xx is not the framework's message, which may name internals.
     */
    public static Problem forStatus(final int status, final String detail) {
        return switch (status) {
            case 400 -> badRequest(detail);
            case 404 -> notFound(detail);
            case 405 -> of(405, "method-not-allowed", "Method not allowed", detail);
            case 413 ->
                of(
                        413,
                        "payload-too-large",
                        "Payload too large",
                        "the body must be at most " + JsonBody.MAX_BYTES + " bytes");
            case 414 -> of(414, "uri-too-long", "URI too long", detail);
            case 431 -> of(431, "header-fields-too-large", "Request header fields too large", detail);
            case 505 ->
                of(505, "http-version-not-supported", "HTTP version not supported", "send HTTP/1.0 or HTTP/1.1");
            default ->
                status >= 500
                        ? of(status, "server-error", "Server error", null)
                        : of(status, "http-" + status, "Request refused", detail);
        };
    }
}
