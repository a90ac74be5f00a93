package dev.kes.projection.http;

import dev.kes.service.http.JsonBody;
import dev.kes.service.http.Problem;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/** Query-string parameters, each parsed strictly: anything malformed is a 400 naming the parameter. */
final class QueryParams {
    private static final Pattern YEAR = Pattern.compile("[0-9]{4}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");

    private QueryParams() {}

    static Instant requiredInstant(final Context ctx, final String name) {
        final String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            throw Problem.badRequest("'" + name + "' is required: an ISO-8601 instant such as 2026-01-31T23:59:59Z")
                    .exception();
        }
        return JsonBody.parseInstant(name, text.strip());
    }

    /** A year YYYY from 0001 to {@code maxYear}. */
    static int requiredYear(final Context ctx, final String name, final int maxYear) {
        final String text = ctx.queryParam(name);
        if (text == null || !YEAR.matcher(text).matches() || Integer.parseInt(text) < 1) {
            throw Problem.badRequest("'" + name + "' must be a year YYYY such as 2026")
                    .exception();
        }
        final int year = Integer.parseInt(text);
        if (year > maxYear) {
            throw Problem.badRequest("'" + name + "' must not be after the current year " + maxYear)
                    .exception();
        }
        return year;
    }

    /** A whole number from {@code min} to {@code max}, or {@code fallback} when absent. */
    static long number(final Context ctx, final String name, final long fallback, final long min, final long max) {
        final String text = ctx.queryParam(name);
        if (text == null) {
            return fallback;
        }
        final OptionalLong value = wholeNumber(text);
        if (value.isEmpty() || value.getAsLong() < min || value.getAsLong() > max) {
            throw Problem.badRequest("'" + name + "' must be a whole number from " + min + " to " + max)
                    .exception();
        }
        return value.getAsLong();
    }

    private static OptionalLong wholeNumber(final String text) {
        if (!DIGITS.matcher(text).matches()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return OptionalLong.empty(); // 19 digits beyond Long.MAX_VALUE
        }
    }
}
