package dev.kes.service.http;

import dev.kes.service.config.ConfigException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cross-origin requests (the Fetch standard's CORS protocol) from the listed origins only, so that a browser page
 * served elsewhere (the projection's console) may send commands: a preflight from a listed origin is answered 204
 * with the methods and request headers the API reads, and every answer to such an origin, problems included, names
 * it and exposes the headers clients need ({@code ETag}, {@code Location}). Other origins get no CORS header, so
 * the browser keeps them out; requests without {@code Origin} (curl, services) are unaffected.
 */
public final class Cors {
    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.\\-\\[\\]:]+");
    private static final String ALLOWED_METHODS = "GET, POST";
    private static final String ALLOWED_HEADERS =
            "Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key, X-Correlation-Id";
    private static final String EXPOSED_HEADERS = "ETag, Location, Retry-After, X-Correlation-Id";
    /** How long a browser may reuse a preflight's answer. */
    private static final String MAX_AGE_SECONDS = "600";

    private Cors() {}

    /**
     * The origins of a comma-separated setting such as {@code http://127.0.0.1:8081,https://console.example}: each a
     * scheme, host and optional port, nothing else (no path, no wildcard); blank: none.
     */
    public static Set<String> parseOrigins(final String key, final String value) {
        final Set<String> origins = new LinkedHashSet<>();
        for (final String part : value.split(",")) {
            final String origin = part.strip();
            if (origin.isEmpty()) {
                continue;
            }
            if (!ORIGIN.matcher(origin).matches()) {
                throw new ConfigException(key + " must list origins such as http://127.0.0.1:8081 (scheme, host, "
                        + "optional port; no path, no '*'), got '" + origin + "'");
            }
            origins.add(origin.toLowerCase(Locale.ROOT));
        }
        return Set.copyOf(origins);
    }

    /** Answers the listed origins' CORS requests on every route of {@code app}; no origins: does nothing. */
    public static void allow(final Javalin app, final Set<String> origins) {
        if (origins.isEmpty()) {
            return;
        }
        final Set<String> allowed = Set.copyOf(origins);
        app.before(ctx -> answer(ctx, allowed));
    }

    private static void answer(final Context ctx, final Set<String> allowed) {
        // the answer depends on Origin: a cache must not hand one origin's answer to another
        ctx.header("Vary", "Origin");
        final String origin = ctx.header("Origin");
        if (origin == null || !allowed.contains(origin.toLowerCase(Locale.ROOT))) {
            return;
        }
        ctx.header("Access-Control-Allow-Origin", origin);
        if (ctx.method() == HandlerType.OPTIONS && ctx.header("Access-Control-Request-Method") != null) {
            ctx.header("Access-Control-Allow-Methods", ALLOWED_METHODS);
            ctx.header("Access-Control-Allow-Headers", ALLOWED_HEADERS);
            ctx.header("Access-Control-Max-Age", MAX_AGE_SECONDS);
            ctx.status(204);
            ctx.skipRemainingHandlers();
            return;
        }
        ctx.header("Access-Control-Expose-Headers", EXPOSED_HEADERS);
    }
}
