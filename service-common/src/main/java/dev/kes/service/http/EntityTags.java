package dev.kes.service.http;

import io.javalin.http.Context;
import java.util.Collections;

/** Conditional requests on entity tags (RFC 9110 section 13.1.2, {@code If-None-Match}). */
public final class EntityTags {
    private EntityTags() {}

    /**
     * Answers {@code body} as JSON with the strong entity tag {@code "value"}, or 304 without a body when the request's
     * {@code If-None-Match} already holds it.
     */
    public static void json(final Context ctx, final Object value, final Object body) {
        final String etag = "\"" + value + "\"";
        ctx.header("ETag", etag);
        if (noneMatchHit(ctx, etag)) {
            ctx.status(304);
            return;
        }
        ctx.json(body);
    }

    /**
     * Whether the request's {@code If-None-Match} matches the current entity tag, so that a GET answers 304: a
     * {@code *}, or any tag of the list (in one or several header lines) equal to it under weak comparison
     * ({@code W/"3"} matches {@code "3"}). A field that cannot be parsed matches nothing.
     */
    public static boolean noneMatchHit(final Context ctx, final String etag) {
        final String field = String.join(",", Collections.list(ctx.req().getHeaders("If-None-Match")));
        return !field.isEmpty() && noneMatchHit(field, etag);
    }

    static boolean noneMatchHit(final String field, final String etag) {
        final String current = opaqueTag(etag);
        int i = 0;
        while (i < field.length()) {
            final char c = field.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
            } else if (c == '*') {
                return true;
            } else {
                if (field.startsWith("W/", i)) {
                    i += 2;
                }
                // an opaque tag is a quoted string without escapes; a comma inside it belongs to the tag
                final int end = i < field.length() && field.charAt(i) == '"' ? field.indexOf('"', i + 1) : -1;
                if (end < 0) {
                    return false;
                }
                if (field.substring(i, end + 1).equals(current)) {
                    return true;
                }
                i = end + 1;
            }
        }
        return false;
    }

    /** The quoted part of a tag: weak comparison ignores the {@code W/} prefix. */
    private static String opaqueTag(final String etag) {
        return etag.startsWith("W/") ? etag.substring(2) : etag;
    }
}
