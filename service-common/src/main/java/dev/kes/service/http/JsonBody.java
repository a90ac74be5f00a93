package dev.kes.service.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a request body as a JSON object, field by field, so that every malformed input gets a precise 4xx:
 * 415 for another media type, 413 past {@value #MAX_BYTES} bytes (also for chunked bodies), 400 otherwise.
 */
public final class JsonBody {
    public static final int MAX_BYTES = 64 * 1024;
    /** ASCII only: BigDecimal alone would also take other scripts' digits ("١٢" is 12). */
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");

    private final ObjectNode node;

    private JsonBody(final ObjectNode node) {
        this.node = node;
    }

    /** The body as an object, or an empty object when the request has no body and {@code optional} is set. */
    public static JsonBody read(final Context ctx, final ObjectMapper mapper, final boolean optional) {
        final byte[] bytes = readLimited(ctx);
        if (bytes.length == 0 && optional) {
            return new JsonBody(mapper.createObjectNode());
        }
        requireJsonContentType(ctx);
        if (bytes.length == 0) {
            throw Problem.badRequest("a JSON object body is required").exception();
        }
        final JsonNode parsed;
        try {
            parsed = mapper.readTree(bytes);
        } catch (JacksonException e) {
            throw Problem.badRequest("the body is not valid JSON: " + e.getOriginalMessage())
                    .exception();
        } catch (NumberFormatException e) {
            // Jackson parses an exponent beyond an int (1e2147483648) only into this
            throw Problem.badRequest("the body holds a number out of range: " + abbreviate(e.getMessage()))
                    .exception();
        } catch (IOException e) {
            throw Problem.badRequest("the body cannot be read").exception();
        }
        if (!(parsed instanceof ObjectNode object)) {
            throw Problem.badRequest("the body must be a JSON object").exception();
        }
        return new JsonBody(object);
    }

    private static void requireJsonContentType(final Context ctx) {
        final String type = ctx.contentType();
        final String base = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!base.equals("application/json") && !(base.startsWith("application/") && base.endsWith("+json"))) {
            throw Problem.of(
                            415,
                            "unsupported-media-type",
                            "Unsupported media type",
                            "send the body as application/json, not " + (type == null ? "no content type" : type))
                    .exception();
        }
    }

    private static byte[] readLimited(final Context ctx) {
        final int declared = ctx.contentLength();
        if (declared > MAX_BYTES) {
            throw tooLarge();
        }
        try (InputStream in = ctx.req().getInputStream()) {
            return declared >= 0 ? readDeclared(in, declared) : readChunked(in);
        } catch (IOException e) {
            throw Problem.badRequest("the body cannot be read").exception();
        }
    }

    /** A body of known length is read into one array of that length (readNBytes(n) would go through 8 KiB ones). */
    private static byte[] readDeclared(final InputStream in, final int length) throws IOException {
        final byte[] bytes = new byte[length];
        final int read = in.readNBytes(bytes, 0, length);
        if (read < length) {
            throw Problem.badRequest("the body ended after " + read + " of its " + length + " bytes")
                    .exception();
        }
        return bytes;
    }

    private static byte[] readChunked(final InputStream in) throws IOException {
        final byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw tooLarge();
        }
        return bytes;
    }

    private static ProblemException tooLarge() {
        return Problem.of(
                        413,
                        "payload-too-large",
                        "Payload too large",
                        "the body must be at most " + MAX_BYTES + " bytes")
                .exception();
    }

    /** Unknown members are refused rather than ignored: "ammount" must not become a deposit of nothing. */
    public JsonBody allowOnly(final Set<String> fields) {
        final Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            final String name = names.next();
            if (!fields.contains(name)) {
                throw Problem.badRequest("unknown field '" + abbreviate(name) + "'; allowed: " + fields)
                        .exception();
            }
        }
        return this;
    }

    public Optional<String> text(final String field) {
        final JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw Problem.badRequest("'" + field + "' must be a string").exception();
        }
        return Optional.of(value.asText());
    }

    public String requiredText(final String field) {
        return text(field)
                .orElseThrow(
                        () -> Problem.badRequest("'" + field + "' is required").exception());
    }

    /** A JSON number or a numeric string, kept exact. */
    public Optional<BigDecimal> money(final String field) {
        final JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isNumber()) {
            return Optional.of(value.decimalValue());
        }
        if (value.isTextual() && DECIMAL.matcher(value.asText().strip()).matches()) {
            try {
                return Optional.of(new BigDecimal(value.asText().strip()));
            } catch (NumberFormatException e) {
                throw Problem.badRequest("'" + field + "' must be a decimal amount such as \"12.50\"")
                        .exception();
            }
        }
        throw Problem.badRequest("'" + field + "' must be a decimal amount such as \"12.50\"")
                .exception();
    }

    public BigDecimal requiredMoney(final String field) {
        return money(field)
                .orElseThrow(
                        () -> Problem.badRequest("'" + field + "' is required").exception());
    }

    public Optional<Instant> instant(final String field) {
        return text(field).map(text -> parseInstant(field, text));
    }

    public static Instant parseInstant(final String name, final String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw Problem.badRequest("'" + name + "' must be an ISO-8601 instant such as 2026-01-31T23:59:59Z")
                    .exception();
        }
    }

    private static String abbreviate(final String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
