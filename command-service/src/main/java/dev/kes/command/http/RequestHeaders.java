package dev.kes.command.http;

import dev.kes.domain.ExpectedVersion;
import dev.kes.service.http.Problem;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** The two request headers of the command API: Idempotency-Key and If-Match. */
final class RequestHeaders {
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,128}");
    private static final Pattern VERSION = Pattern.compile("(?:W/)?\"?(\\d{1,18})\"?");

    private RequestHeaders() {}

    /** The Idempotency-Key as the commandId, or a fresh id when the client sent none. */
    static String commandId(final Context ctx) {
        return idempotencyKey(ctx).orElseGet(() -> UUID.randomUUID().toString());
    }

    /** The Idempotency-Key, checked; empty when the client sent none. */
    static Optional<String> idempotencyKey(final Context ctx) {
        final String key = ctx.header("Idempotency-Key");
        if (key != null && !isKey(key)) {
            throw Problem.badRequest("Idempotency-Key must be 1-128 visible ASCII characters")
                    .exception();
        }
        return Optional.ofNullable(key);
    }

    /** What an Idempotency-Key, and so a commandId or transferId given in a body, may be. */
    static boolean isKey(final String text) {
        return KEY.matcher(text).matches();
    }

    /** If-Match: "n" as an exact expected version ("0": no account yet); any version when absent or "*". */
    static ExpectedVersion expectedVersion(final Context ctx) {
        final String ifMatch = ctx.header("If-Match");
        if (ifMatch == null || ifMatch.strip().equals("*")) {
            return ExpectedVersion.any();
        }
        final var matcher = VERSION.matcher(ifMatch.strip());
        if (!matcher.matches()) {
            throw Problem.badRequest("If-Match must be a version in quotes, for example \"3\"")
                    .exception();
        }
        return ExpectedVersion.exactly(Long.parseLong(matcher.group(1)));
    }

    static String correlationId(final Context ctx) {
        final String id = ctx.header("X-Correlation-Id");
        return id != null && isKey(id) ? id : null;
    }
}
