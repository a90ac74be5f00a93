package dev.kes.service.http;

import io.javalin.http.Context;

/**
 * What Jetty lets through but the APIs refuse before any route runs: a request line Javalin would decode leniently
 * (a bad percent-encoding in a path parameter made it throw, one in the query string made it drop the parameter
 * without a word) or a method name that is not the exact, case-sensitive token (Javalin ran "post" as POST).
 */
final class StrictRequest {
    private StrictRequest() {}

    static void check(final Context ctx) {
        final String method = ctx.req().getMethod();
        if (!method.equals(ctx.method().name())) {
            throw Problem.of(
                            405,
                            "method-not-allowed",
                            "Method not allowed",
                            "method names are case-sensitive; '" + abbreviate(method) + "' is not one of this API's")
                    .exception();
        }
        if (!wellEncoded(ctx.req().getRequestURI())) {
            throw Problem.badRequest("the path has a malformed percent-encoding")
                    .exception();
        }
        final String query = ctx.req().getQueryString();
        if (query != null && !wellEncoded(query)) {
            throw Problem.badRequest("the query string has a malformed percent-encoding")
                    .exception();
        }
    }

    /** Every '%' starts an escape of two hex digits (RFC 3986 pct-encoded). */
    static boolean wellEncoded(final String raw) {
        for (int i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 1)) {
            if (i + 2 >= raw.length() || !isHex(raw.charAt(i + 1)) || !isHex(raw.charAt(i + 2))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(final char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static String abbreviate(final String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
