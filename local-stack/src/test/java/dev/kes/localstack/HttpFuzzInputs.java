package dev.kes.localstack;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Hostile values for the HTTP fuzz. Every value meant for a validated position (an amount, an account id, If-Match,
 * Idempotency-Key, a query parameter) is invalid there by construction, so a request built from it must be refused.
 */
final class HttpFuzzInputs {
    /** Amounts that are not a positive number of at most two decimals up to the maximum balance. */
    private static final List<String> ODD_NUMBERS = List.of(
            "1e309",
            "-1e309",
            "-0",
            "0",
            "-0.0",
            "0e10",
            "1E-400",
            "1e-2147483648",
            "1e2147483648",
            "1e-3",
            "-1",
            "-0.01",
            "0.001",
            "1.001",
            "12.345",
            "1.0000000000000000000000000000000000001",
            "NaN",
            "-NaN",
            "Infinity",
            "-Infinity",
            "1e",
            "1e+",
            "0x10",
            "1_000",
            "1,00",
            "١٢",
            "１",
            "10000000000000000",
            "99999999999999999999.99",
            "1e17",
            "4.9e-324",
            "1.7976931348623157e308",
            "-9223372036854775809",
            "18446744073709551616");
    /** Not JSON numbers, but fine amounts in a string ("amounts are JSON strings or numbers"): never quoted. */
    private static final List<String> NOT_JSON_NUMBERS = List.of("+1", "01", "00012", ".5", "5.", "0x1F", "1.e2");

    private static final List<String> ODD_UNICODE = List.of(
            "\\ud800",
            "\\udfff",
            "\\udc00\\ud800",
            "\\u0000",
            "\u202e",
            "\u200f",
            "\u200b",
            "\ufeff",
            "\ufffe",
            "\uffff",
            "\ud83d\udca9",
            "\ud83c\udff3\ufe0f\u200d\ud83c\udf08",
            "e\u0301\u0301\u0301",
            "\u0085",
            "\u2028",
            "\u00a0",
            "\\u001b[2J",
            "Ａ",
            "\u0130",
            "\udbff\udfff");
    private static final List<byte[]> INVALID_UTF8 = List.of(
            bytes(0xC0, 0xAF),
            bytes(0xE0, 0x80, 0xAF),
            bytes(0xF0, 0x80, 0x80, 0xAF),
            bytes(0xED, 0xA0, 0x80),
            bytes(0xFF),
            bytes(0xFE, 0xFF),
            bytes(0x80),
            bytes(0xE2, 0x82),
            bytes(0xF8, 0x88, 0x80, 0x80, 0x80),
            bytes(0xF4, 0x90, 0x80, 0x80),
            bytes(0xC1, 0xBF));
    /** Path pieces none of which can be, or be normalised into, an account id on its own. */
    private static final List<String> SEGMENT_ATOMS = List.of(
            "%00",
            "a%00b",
            "%2F",
            "x%2Fy",
            "..%2F..",
            "%2e%2e%2f",
            "%zz",
            "%",
            "%2",
            "%G1",
            "%C0%AF",
            "%ED%A0%80",
            "%FF",
            "%E2%80%AE",
            "%F0%9F%92%A9",
            "%0D%0A",
            "%20",
            "+",
            "~%7E",
            "a;b=c",
            "%3B",
            "%5C",
            "%25",
            "\\",
            "@",
            "$",
            ":",
            "%u0041",
            "&#0;",
            "<x>",
            "'",
            "*",
            "%E2%82",
            "\u00c3\u00a9");

    private static final List<String> ODD_ACCEPTS = List.of(
            "*/*;q=abc",
            "text/html",
            "application/xml;q=1, */*;q=0",
            "",
            "\u00ff\u00fe",
            "application/json;" + "q=0.1,".repeat(200),
            "image/png",
            "*/*;;;",
            "\t",
            "application/problem+json; charset=utf-16");

    private HttpFuzzInputs() {}

    static <T> T pick(final Random random, final List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    static byte[] bytes(final int... values) {
        final byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    /** The UTF-8 bytes of {@code text} as a wire string (one char per byte). */
    static String wire(final String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    static String wire(final byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    static String printable(final String text, final int max) {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            final char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02X", (int) c));
        }
        return text.length() > max ? out + "…(" + text.length() + " chars)" : out.toString();
    }

    static byte[] randomBytes(final Random random, final int length) {
        final byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }

    /** A JSON number literal (or a token that is none) that is no amount. */
    static String oddNumberLiteral(final Random random) {
        return random.nextInt(6) == 0 ? pick(random, NOT_JSON_NUMBERS) : oddNumber(random);
    }

    /** Text that is no amount, as a JSON number or inside a JSON string alike. */
    static String oddNumber(final Random random) {
        if (random.nextInt(4) == 0) {
            // a whole number of 17 to 60 digits: always beyond the largest balance
            final StringBuilder digits = new StringBuilder().append(1 + random.nextInt(9));
            final int length = 16 + random.nextInt(45);
            for (int i = 0; i < length; i++) {
                digits.append(random.nextInt(10));
            }
            return (random.nextBoolean() ? "-" : "") + digits;
        }
        return pick(random, ODD_NUMBERS);
    }

    /** An odd piece of text, JSON-escaped where JSON needs it (lone surrogates and NUL only exist escaped). */
    static String oddUnicode(final Random random) {
        return pick(random, ODD_UNICODE);
    }

    static byte[] invalidUtf8(final Random random) {
        return pick(random, INVALID_UTF8);
    }

    /** Concatenates UTF-8 text and raw bytes. */
    static byte[] concat(final String before, final byte[] middle, final String after) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** JSON nested {@code depth} deep in arrays or objects, sometimes left unbalanced. */
    static String nesting(final Random random) {
        final int depth = pick(random, List.of(64, 999, 1000, 1001, 2500, 20_000, 40_000));
        final boolean arrays = random.nextBoolean();
        final StringBuilder json = new StringBuilder(depth * 8);
        for (int i = 0; i < depth; i++) {
            json.append(arrays ? "[" : "{\"a\":");
        }
        json.append(random.nextBoolean() ? "1" : "\"1\"");
        final int closed = random.nextInt(4) == 0 ? random.nextInt(depth) : depth;
        for (int i = 0; i < closed; i++) {
            json.append(arrays ? "]" : "}");
        }
        return json.toString();
    }

    /** A wire-string path segment that is no account id, whatever Jetty decodes or normalises it into. */
    static String hostileSegment(final Random random) {
        final StringBuilder segment = new StringBuilder();
        final int atoms = 1 + random.nextInt(4);
        for (int i = 0; i < atoms; i++) {
            if (i > 0 && random.nextInt(3) == 0) {
                segment.append(pick(random, List.of("/", "/../", "/./", "//", "%2F")));
            }
            segment.append(pick(random, SEGMENT_ATOMS));
        }
        return segment.toString();
    }

    /** Thousands of characters: over 64 is no account id, over 8 KiB no URI Jetty takes. */
    static String longSegment(final Random random) {
        final int length = pick(random, List.of(65, 1000, 4000, 8000, 9000, 20_000));
        final String unit = pick(random, List.of("a", "%41", "é", "%E2%80%AE", "-", "."));
        // at least 65 units: "%41" thrice is only "AAA" once decoded
        return unit.repeat(Math.max(65, length / unit.length()));
    }

    static String oddAccept(final Random random) {
        return wire(pick(random, ODD_ACCEPTS));
    }

    /** If-Match values the command API cannot read as a version. */
    static String badIfMatch(final Random random) {
        return wire(pick(
                random,
                List.of(
                        "banana",
                        "\"-1\"",
                        "-1",
                        "\"" + "9".repeat(19) + "\"",
                        "\"" + "1".repeat(400) + "\"",
                        "\"1.5\"",
                        "\"1e3\"",
                        "\"0x10\"",
                        "\"\"",
                        "",
                        "\"1\", \"2\"",
                        "*, \"1\"",
                        "W/\"x\"",
                        "\"١\"",
                        "\"1\u202e\"",
                        "\"NaN\"",
                        "W/ \"1\"",
                        "\"1\"\"")));
    }

    /** Idempotency-Key values outside 1-128 visible ASCII characters. */
    static String badIdempotencyKey(final Random random) {
        return pick(
                random,
                List.of(
                        "two words",
                        "k".repeat(129),
                        "k".repeat(5000),
                        "",
                        "tab\there",
                        wire("ключ"),
                        wire("\ud83d\udca9"),
                        wire(bytes(0xC0, 0xAF)),
                        "\u007f",
                        " "));
    }

    /** Content types that are not JSON; the body sent with them is a valid command. */
    static String badContentType(final Random random) {
        return wire(pick(
                random,
                List.of(
                        "text/plain",
                        "application/xml",
                        "json",
                        "application/jsonx",
                        "multipart/form-data; boundary=x",
                        "application/x-www-form-urlencoded",
                        "*/*",
                        "application/",
                        "text/json",
                        "application",
                        ";",
                        "application/json5",
                        "application/x-json-stream",
                        "\u00e9/json")));
    }

    static String badAuthorization(final Random random) {
        return wire(pick(
                random,
                List.of(
                        "Bearer wrong-token-0123456789",
                        "Bearer ",
                        "Bearer",
                        "Basic dXNlcjpwYXNz",
                        "bearer",
                        "Bearer " + "t".repeat(4000),
                        "Bearer \u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9",
                        "Token abc",
                        "Bearer fuzz-token-0123456789abcdef extra",
                        "Bearer\tfuzz")));
    }

    /** A header block over Jetty's 8 KiB limit: refused before any handler. */
    static String[] hugeHeader(final Random random) {
        return new String[] {
            pick(random, List.of("X-Correlation-Id", "If-Match", "Idempotency-Key", "Accept", "Cookie")),
            "v".repeat(9000 + random.nextInt(20_000))
        };
    }
}
