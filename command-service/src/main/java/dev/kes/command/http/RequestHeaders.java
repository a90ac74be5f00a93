package dev.kes.command.http;

import dev.kes.service.http.Problem;
import io.javalin.http.Context;

import java.util.UUID;
import java.util.regex.Pattern;

/** The two request headers of the command API: Idempotency-Key and If-Match. */
final class RequestHeaders {
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,128}");
    private static final Pattern VERSION = Pattern.compile("(?:W/)?\"?(\\d{1,18})\"?");

    private RequestHeaders() {
    }

    /** The Idempotency-Key as the commandId, or a fresh id when the client sent none. */
    static String commandId(final Context ctx) {
        final String key = ctx.header("Idempotency-Key");
        if (key == null) {
            return UUID.randomUUID().toString();
        }
        if (!KEY.matcher(key).matches()) {
            throw Problem.badRequest("Idempotency-Key must be 1-128 visible ASCII characters").exception();
        }
        return key;
    }

    /** If-Match: "n" as an exact expected version; null when absent (any version). */
    static Long expectedVersion(final Context ctx) {
        final String ifMatch = ctx.header("If-Match");
        if (ifMatch == null || ifMatch.strip().equals("*")) {
            return null;
        }
        final var matcher = VERSION.matcher(ifMatch.strip());
        if (!matcher.matches()) {
            throw Problem.badRequest("If-Match must be a version in quotes, for example \"3\"").exception();
        }
        return Long.parseLong(matcher.group(1));
    }

    static String correlationId(final Context ctx) {
        final String id = ctx.header("X-Correlation-Id");
        return id != null && KEY.matcher(id).matches() ? id : null;
    }
}
