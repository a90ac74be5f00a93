package dev.kes.localstack;

import static dev.kes.localstack.HttpFuzzInputs.pick;
import static dev.kes.localstack.HttpFuzzInputs.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.localstack.HttpFuzzCase.Expect;
import dev.kes.localstack.HttpFuzzCase.Service;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * The generators of the HTTP fuzz, one per kind of hostile input, each aiming at every route of both services. A
 * case is a pure function of (seed, index), so any failing case can be replayed alone.
 */
final class HttpFuzzCases {
    static final String ACCOUNT = "fz-1";
    static final List<String> COMMAND_ROUTES = List.of(
            "/accounts",
            "/accounts/{id}/deposits",
            "/accounts/{id}/withdrawals",
            "/accounts/{id}/interest",
            "/accounts/{id}/close",
            "/transfers");
    static final List<String> QUERY_ROUTES = List.of(
            "/accounts/{id}",
            "/accounts/{id}/balance",
            "/accounts/{id}/monthly-snapshots",
            "/accounts/{id}/events",
            "/transfers/{id}");
    /** The account listing: a query route without an id, so the cases of the routes above do not fit it. */
    static final String LIST_ROUTE = "/accounts";

    static final List<String> SHARED_ROUTES = List.of("/health/live", "/health/ready", "/metrics");
    private static final List<String> AMOUNT_ROUTES = COMMAND_ROUTES.subList(1, 4);
    /** The command routes whose path names an account: a hostile id in the path is what is wrong there. */
    private static final List<String> ACCOUNT_ROUTES =
            COMMAND_ROUTES.stream().filter(r -> r.contains("{id}")).toList();

    private static final String[] JSON = {"Content-Type", "application/json"};
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, BiFunction<Random, Integer, HttpFuzzCase>> generators = Map.of(
            "random-bytes", this::randomBytes,
            "deep-nesting", this::deepNesting,
            "odd-numbers", this::oddNumbers,
            "odd-unicode", this::oddUnicode,
            "bad-headers", this::badHeaders,
            "long-paths", this::longPaths,
            "bad-query", this::badQuery,
            "wrong-method", this::wrongMethod);
    private final List<String> names = generators.keySet().stream().sorted().toList();
    private final long seed;

    HttpFuzzCases(final long seed) {
        this.seed = seed;
    }

    List<String> generatorNames() {
        return names;
    }

    /** Case {@code index}: the generators take turns, each case has its own random stream. */
    HttpFuzzCase get(final int index) {
        final Random random = new Random(seed * 0x9E3779B97F4A7C15L + index);
        return generators.get(names.get(index % names.size())).apply(random, index);
    }

    // ---- what every route accepts when nothing is wrong with it

    private static String target(final String route, final String id) {
        return route.replace("{id}", id);
    }

    private static String validQuery(final String route) {
        return switch (route) {
            case "/accounts/{id}/balance" -> "?at=2026-01-01T00:00:00Z";
            case "/accounts/{id}/monthly-snapshots" ->
                "?year=" + Year.now(ZoneOffset.UTC).getValue();
            case "/accounts/{id}/events" -> "?fromVersion=1&limit=10";
            default -> "";
        };
    }

    private static String validBody(final String route, final int index) {
        return switch (route) {
            case "/accounts" ->
                "{\"accountId\":\"fz-new-" + index + "\",\"holder\":\"Fuzz\",\"initialDeposit\":\"1.00\"}";
            case "/accounts/{id}/close" -> "{}";
            case "/accounts/{id}/interest" -> "{\"amount\":\"0.01\"}";
            case "/transfers" -> "{\"fromAccountId\":\"" + ACCOUNT + "\",\"toAccountId\":\"fz-2\",\"amount\":\"0.01\"}";
            default -> "{\"amount\":\"1.00\",\"description\":\"fuzz\"}";
        };
    }

    private static HttpFuzzCase post(
            final String generator,
            final String route,
            final String target,
            final List<String[]> headers,
            final byte[] body) {
        return new HttpFuzzCase(
                generator, Service.COMMANDS, route, "POST", target, headers, body, true, Expect.REFUSED);
    }

    private static HttpFuzzCase postJson(final String generator, final String route, final byte[] body) {
        return post(generator, route, target(route, ACCOUNT), List.<String[]>of(JSON), body);
    }

    private static byte[] utf8(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Random bytes could, once in a blue moon, be a JSON object: then they are no longer hostile input. */
    private static byte[] notAJsonObject(final byte[] body) {
        try {
            final JsonNode parsed = MAPPER.readTree(body);
            return parsed != null && parsed.isObject() ? HttpFuzzInputs.concat("\u0001", body, "") : body;
        } catch (IOException e) {
            return body;
        }
    }

    // ---- the generators

    private HttpFuzzCase randomBytes(final Random random, final int index) {
        final String route = pick(random, COMMAND_ROUTES);
        final int kind = random.nextInt(10);
        if (kind == 0) {
            // over the 64 KiB limit
            return postJson(
                    "random-bytes", route, HttpFuzzInputs.randomBytes(random, 65 * 1024 + random.nextInt(16_000)));
        }
        if (kind == 1) {
            // a chunked body whose chunk size is not hex: the read fails mid-body
            final List<String[]> headers = List.of(JSON, new String[] {"Transfer-Encoding", "chunked"});
            return post(
                    "random-bytes",
                    route,
                    target(route, ACCOUNT),
                    headers,
                    utf8("zz\r\n{\"amount\":\"1\"}\r\n0\r\n\r\n"));
        }
        if (kind <= 3) {
            final String alphabet = "{}[]\":,.-+eE0123456789 \\ntrufalsn";
            final StringBuilder soup = new StringBuilder();
            final int length = 1 + random.nextInt(400);
            for (int i = 0; i < length; i++) {
                soup.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            return postJson("random-bytes", route, notAJsonObject(utf8(soup.toString())));
        }
        return postJson(
                "random-bytes", route, notAJsonObject(HttpFuzzInputs.randomBytes(random, 1 + random.nextInt(2000))));
    }

    private HttpFuzzCase deepNesting(final Random random, final int index) {
        final String route = pick(random, COMMAND_ROUTES);
        final String nested = HttpFuzzInputs.nesting(random);
        final String field = route.equals("/accounts") ? "initialDeposit" : "amount";
        final String body = switch (random.nextInt(3)) {
            case 0 -> nested;
            case 1 -> "{\"" + field + "\":" + nested + "}";
            default -> "{\"" + field + "\":\"1\",\"description\":" + nested + "}";
        };
        return postJson("deep-nesting", route, utf8(body));
    }

    private HttpFuzzCase oddNumbers(final Random random, final int index) {
        final boolean quoted = random.nextBoolean();
        final String number = quoted ? HttpFuzzInputs.oddNumber(random) : HttpFuzzInputs.oddNumberLiteral(random);
        final String value = quoted ? "\"" + number + "\"" : number;
        if (random.nextInt(4) == 0 && !isZero(number)) {
            // zero is a valid opening deposit, every other odd number is not
            return postJson(
                    "odd-numbers",
                    "/accounts",
                    utf8("{\"accountId\":\"fz-new-" + index + "\",\"holder\":\"Fuzz\",\"initialDeposit\":" + value
                            + "}"));
        }
        final String route = pick(random, AMOUNT_ROUTES);
        return postJson("odd-numbers", route, utf8("{\"amount\":" + value + "}"));
    }

    private static boolean isZero(final String number) {
        try {
            return new BigDecimal(number).signum() == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private HttpFuzzCase oddUnicode(final Random random, final int index) {
        final String odd = HttpFuzzInputs.oddUnicode(random);
        final byte[] invalid = HttpFuzzInputs.invalidUtf8(random);
        final String route = pick(random, AMOUNT_ROUTES);
        return switch (random.nextInt(8)) {
            case 0 ->
                postJson(
                        "odd-unicode",
                        "/accounts",
                        utf8("{\"accountId\":\"fz" + odd + "\",\"holder\":\"Fuzz " + odd
                                + "\",\"initialDeposit\":\"1.00\"}"));
            // inside the number, where strip() cannot take a Unicode space off the end
            case 1 -> postJson("odd-unicode", route, utf8("{\"amount\":\"1" + odd + "0\"}"));
            case 2 -> postJson("odd-unicode", route, utf8("{\"amount\":\"1\",\"" + odd + "\":1}"));
            case 3 ->
                postJson(
                        "odd-unicode",
                        route,
                        utf8("{\"amount\":\"1\",\"occurredAt\":\"2026-01-01T00:00" + odd + ":00Z\"}"));
            case 4 ->
                postJson(
                        "odd-unicode",
                        random.nextBoolean() ? "/accounts" : route,
                        random.nextBoolean()
                                ? HttpFuzzInputs.concat(
                                        "{\"accountId\":\"fz", invalid, "\",\"holder\":\"F\",\"initialDeposit\":1}")
                                : HttpFuzzInputs.concat("{\"amount\":\"1", invalid, "0\"}"));
            case 5 -> {
                final String id = "fz" + (random.nextBoolean() ? wire(invalid) : oddWire(odd, invalid));
                yield random.nextBoolean()
                        ? postJson("odd-unicode", route, utf8(validBody(route, index)))
                                .withTarget(target(route, id))
                        : query("odd-unicode", pick(random, QUERY_ROUTES), id, "", Expect.REFUSED);
            }
            case 6 ->
                post(
                        "odd-unicode",
                        route,
                        target(route, ACCOUNT),
                        List.of(JSON, new String[] {"Idempotency-Key", "k" + oddWire(odd, invalid)}),
                        utf8(validBody(route, index)));
            default -> badQueryValue(random, "odd-unicode", "20" + percentEncoded(unescaped(odd)) + "26");
        };
    }

    /** The JSON escapes of {@link HttpFuzzInputs#oddUnicode} as the characters (a lone surrogate stays one). */
    private static String unescaped(final String json) {
        try {
            return MAPPER.readValue("\"" + json + "\"", String.class);
        } catch (IOException e) {
            throw new IllegalStateException(json, e);
        }
    }

    /**
     * The odd text as raw UTF-8 on the wire; a lone surrogate has no UTF-8 (Java would send '?', a valid key
     * character), so invalid UTF-8 goes instead.
     */
    private static String oddWire(final String json, final byte[] invalid) {
        final String text = unescaped(json);
        final boolean loneSurrogate =
                text.codePoints().anyMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
        return loneSurrogate ? wire(invalid) : wire(text);
    }

    private static String percentEncoded(final String text) {
        final StringBuilder out = new StringBuilder();
        for (final byte b : utf8(text)) {
            out.append(String.format("%%%02X", b & 0xFF));
        }
        return out.toString();
    }

    private HttpFuzzCase badHeaders(final Random random, final int index) {
        if (random.nextInt(3) == 0) {
            return badQueryHeaders(random);
        }
        final String route = pick(random, COMMAND_ROUTES);
        final String target = target(route, ACCOUNT);
        final byte[] body = utf8(validBody(route, index));
        return switch (random.nextInt(route.equals("/accounts") ? 7 : 8)) {
            case 0 ->
                post(
                        "bad-headers",
                        route,
                        target,
                        List.of(JSON, new String[] {"Idempotency-Key", HttpFuzzInputs.badIdempotencyKey(random)}),
                        body);
            case 1 ->
                post(
                        "bad-headers",
                        route,
                        target,
                        random.nextBoolean()
                                ? List.of()
                                : List.<String[]>of(
                                        new String[] {"Content-Type", HttpFuzzInputs.badContentType(random)}),
                        body);
            // Accept is not negotiated: the body is what is wrong here, the answer must still be a problem
            case 2 ->
                post(
                        "bad-headers",
                        route,
                        target,
                        List.of(JSON, new String[] {"Accept", HttpFuzzInputs.oddAccept(random)}),
                        utf8("{\"unknown\":1}"));
            case 3 -> post("bad-headers", route, target, List.of(JSON, HttpFuzzInputs.hugeHeader(random)), body);
            case 4 ->
                post(
                        "bad-headers",
                        route,
                        target,
                        List.of(JSON, new String[] {
                            "X-Odd", "a" + (char) (int) pick(random, List.of(0, 1, 8, 0x1b, 0x7f)) + "b"
                        }),
                        body);
            case 5 ->
                post(
                        "bad-headers",
                        route,
                        target,
                        List.of(JSON, new String[] {pick(random, List.of("X Odd", "X-Odd\u0001", "(X)", "")), "v"}),
                        body);
            case 6 -> unauthorized(Service.COMMANDS, "POST", route, target, List.<String[]>of(JSON), body, random);
            default ->
                post(
                        "bad-headers",
                        route,
                        target,
                        List.of(JSON, new String[] {"If-Match", HttpFuzzInputs.badIfMatch(random)}),
                        body);
        };
    }

    private HttpFuzzCase badQueryHeaders(final Random random) {
        final boolean shared = random.nextInt(4) == 0;
        final Service service = shared && random.nextBoolean() ? Service.COMMANDS : Service.QUERIES;
        final String route = shared ? pick(random, SHARED_ROUTES) : pick(random, QUERY_ROUTES);
        final String target = target(route, ACCOUNT) + validQuery(route);
        final boolean health = route.startsWith("/health/");
        return switch (random.nextInt(6)) {
            case 0 ->
                get(
                        "bad-headers",
                        service,
                        route,
                        target,
                        new String[] {"Accept", HttpFuzzInputs.oddAccept(random)},
                        Expect.ANSWERED);
            case 1 ->
                get(
                        "bad-headers",
                        service,
                        route,
                        target,
                        new String[] {"If-None-Match", HttpFuzzInputs.badIfMatch(random)},
                        Expect.ANSWERED);
            case 2 ->
                get(
                        "bad-headers",
                        service,
                        route,
                        target,
                        new String[] {
                            pick(random, List.of("X-Kes-Forwarded", "X-Correlation-Id")),
                            wire(HttpFuzzInputs.oddUnicode(random))
                        },
                        Expect.ANSWERED);
            case 3 -> get("bad-headers", service, route, target, HttpFuzzInputs.hugeHeader(random), Expect.REFUSED);
            case 4 -> get("bad-headers", service, route, target, new String[] {"X-Odd", "a\u0000b"}, Expect.REFUSED);
            default -> {
                final HttpFuzzCase refused = unauthorized(service, "GET", route, target, List.of(), null, random);
                yield health ? refused.expecting(Expect.ANSWERED) : refused;
            }
        };
    }

    private static HttpFuzzCase unauthorized(
            final Service service,
            final String method,
            final String route,
            final String target,
            final List<String[]> headers,
            final byte[] body,
            final Random random) {
        final List<String[]> all = new ArrayList<>(headers);
        if (random.nextInt(4) > 0) {
            all.add(new String[] {"Authorization", HttpFuzzInputs.badAuthorization(random)});
        }
        return new HttpFuzzCase("bad-headers", service, route, method, target, all, body, false, Expect.REFUSED);
    }

    private static HttpFuzzCase get(
            final String generator,
            final Service service,
            final String route,
            final String target,
            final String[] header,
            final Expect expect) {
        return new HttpFuzzCase(
                generator, service, route, "GET", target, List.<String[]>of(header), null, true, expect);
    }

    private static HttpFuzzCase query(
            final String generator, final String route, final String id, final String query, final Expect expect) {
        return new HttpFuzzCase(
                generator, Service.QUERIES, route, "GET", target(route, id) + query, List.of(), null, true, expect);
    }

    private HttpFuzzCase longPaths(final Random random, final int index) {
        final String id =
                random.nextBoolean() ? HttpFuzzInputs.longSegment(random) : HttpFuzzInputs.hostileSegment(random);
        return switch (random.nextInt(4)) {
            case 0, 1 -> {
                final String route = pick(random, ACCOUNT_ROUTES);
                yield postJson("long-paths", route, utf8(validBody(route, index)))
                        .withTarget(target(route, id));
            }
            case 2 -> {
                final String route = pick(random, QUERY_ROUTES);
                yield query("long-paths", route, id, validQuery(route), Expect.REFUSED);
            }
            default -> {
                // no route at all: a path of hostile segments, on either service
                final String path =
                        "/" + id + (random.nextBoolean() ? "/" + HttpFuzzInputs.hostileSegment(random) : "");
                final boolean commands = random.nextBoolean();
                yield new HttpFuzzCase(
                        "long-paths",
                        commands ? Service.COMMANDS : Service.QUERIES,
                        "(none)",
                        commands ? "POST" : "GET",
                        path,
                        commands ? List.<String[]>of(JSON) : List.of(),
                        commands ? utf8(validBody("/accounts", index)) : null,
                        true,
                        Expect.REFUSED);
            }
        };
    }

    private HttpFuzzCase badQuery(final Random random, final int index) {
        if (random.nextInt(8) == 0) {
            // junk query parameters on a health check or the metrics are ignored
            final String route = pick(random, SHARED_ROUTES);
            return new HttpFuzzCase(
                    "bad-query",
                    random.nextBoolean() ? Service.COMMANDS : Service.QUERIES,
                    route,
                    "GET",
                    route + "?" + HttpFuzzInputs.hostileSegment(random) + "=" + HttpFuzzInputs.hostileSegment(random),
                    List.of(),
                    null,
                    true,
                    Expect.ANSWERED);
        }
        if (random.nextInt(8) == 1) {
            return badListing(random);
        }
        return badQueryValue(random, "bad-query", null);
    }

    /** {@code GET /accounts} with a cursor that is no account id or a limit out of 1-500. */
    private static HttpFuzzCase badListing(final Random random) {
        final boolean after = random.nextBoolean();
        final String bad = after
                ? pick(
                        random,
                        List.of(
                                "",
                                "%00",
                                "%zz",
                                "a%20b",
                                "%C3%A9t%C3%A9",
                                "a".repeat(65),
                                "a%2Fb",
                                "%0D%0AX-Injected:%201",
                                "a".repeat(3000),
                                "%E2%80%AE1"))
                : pick(random, List.of("0", "501", "-1", "1e3", "9223372036854775808", "1.5", "", "NaN", "%00"));
        final String query = after
                ? "?after=" + bad + (random.nextBoolean() ? "&limit=10" : "")
                : "?limit=" + bad + (random.nextBoolean() ? "&after=fz-a" : "");
        return query("bad-query", LIST_ROUTE, ACCOUNT, query, Expect.REFUSED);
    }

    /** One bad query parameter on a query route; {@code value} null: a bad value for that parameter. */
    private HttpFuzzCase badQueryValue(final Random random, final String generator, final String value) {
        final String route = pick(random, QUERY_ROUTES);
        final String parameter = switch (route) {
            case "/accounts/{id}/balance" -> random.nextInt(4) == 0 ? "position" : "at";
            case "/accounts/{id}/monthly-snapshots" -> random.nextInt(4) == 0 ? "position" : "year";
            case "/accounts/{id}/events" -> pick(random, List.of("fromVersion", "limit", "position"));
            default -> "position";
        };
        final String bad = value != null ? value : badValue(random, parameter);
        final String valid = validQuery(route);
        final String query = "?" + parameter + "=" + bad + (valid.isEmpty() ? "" : "&" + valid.substring(1))
                + (random.nextInt(5) == 0 ? "&" + parameter + "=1" : "");
        return query(generator, route, ACCOUNT, query, Expect.REFUSED);
    }

    private static String badValue(final Random random, final String parameter) {
        final String common = pick(
                random,
                List.of(
                        "",
                        "%00",
                        "%zz",
                        "%",
                        "NaN",
                        "1e309",
                        "null",
                        "%E2%80%AE1",
                        "a".repeat(3000),
                        "%C0%AF",
                        "[]",
                        "%0D%0AX-Injected:%201"));
        if (random.nextInt(3) == 0) {
            return common;
        }
        return switch (parameter) {
            case "at" ->
                pick(
                        random,
                        List.of(
                                "yesterday",
                                "2026-13-01T00:00:00Z",
                                "2026-01-01",
                                "2026-01-01T00:00:00",
                                "%2B1000000001-01-01T00:00:00Z",
                                "-1000000001-01-01T00:00:00Z",
                                "2026-02-30T00:00:00Z",
                                "2026-01-01T25:00:00Z",
                                "1767225600",
                                "2026-01-01T00:00:00Z%00"));
            case "year" ->
                pick(
                        random,
                        List.of(
                                "0",
                                "0000",
                                "99999",
                                "-2026",
                                "2026.0",
                                "%2B2026",
                                "%EF%BC%92026",
                                "9999",
                                "20%2026",
                                "1e3",
                                "2147483648"));
            case "fromVersion" ->
                pick(
                        random,
                        List.of(
                                "0",
                                "-1",
                                "1.0",
                                "%2B1",
                                "1e3",
                                "99999999999999999999",
                                "abc",
                                "%201",
                                "0x1",
                                "9223372036854775808"));
            case "limit" -> pick(random, List.of("0", "1001", "-1", "1e3", "9223372036854775808", "1.5", "１"));
            default ->
                pick(
                        random,
                        List.of(
                                "garbage",
                                "p1:1:" + ACCOUNT,
                                token("p1:x:" + ACCOUNT),
                                token("p2:1:" + ACCOUNT),
                                token("p1:1:"),
                                token("p1:99999999999999999999:" + ACCOUNT),
                                "====",
                                "A".repeat(5000),
                                token("p1:")));
        };
    }

    private static String token(final String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(utf8(text));
    }

    private HttpFuzzCase wrongMethod(final Random random, final int index) {
        // methods are case-sensitive (RFC 9110): "post" is not POST
        final String method = pick(
                random,
                List.of("GET", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "post", "Post", "BREW", "PROPFIND"));
        if (random.nextBoolean()) {
            final String route = pick(random, COMMAND_ROUTES);
            return new HttpFuzzCase(
                    "wrong-method",
                    Service.COMMANDS,
                    route,
                    method,
                    target(route, ACCOUNT),
                    List.<String[]>of(JSON),
                    utf8(validBody(route, index)),
                    true,
                    Expect.REFUSED);
        }
        final boolean shared = random.nextBoolean();
        final String route = shared ? pick(random, SHARED_ROUTES) : pick(random, QUERY_ROUTES);
        final Service service = shared && random.nextBoolean() ? Service.COMMANDS : Service.QUERIES;
        return new HttpFuzzCase(
                "wrong-method",
                service,
                route,
                method.equals("GET") ? "POST" : method,
                target(route, ACCOUNT) + validQuery(route),
                List.<String[]>of(JSON),
                utf8("{}"),
                true,
                Expect.REFUSED);
    }
}
