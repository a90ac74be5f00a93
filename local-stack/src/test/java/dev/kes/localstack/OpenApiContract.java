package dev.kes.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A service's OpenAPI 3.1 document as a judge of its answers: the status is one the operation declares, every header
 * it declares as required is there, the Content-Type is one it declares for that status, and the body is valid against
 * that content's schema (JSON Schema 2020-12, {@code $ref}s resolved within the document). An answer to a request the
 * document has no operation for must be the problem the document's rules name: 404 for a path it does not list, 405
 * for a method a listed path does not have, 400, 414 or 431 for a request that is not valid HTTP.
 */
final class OpenApiContract {
    private static final String BASE = "https://kes.dev/openapi/";
    private static final Set<Integer> OUTSIDE_PATHS = Set.of(400, 404, 414, 431);
    private static final Set<Integer> OUTSIDE_METHODS = Set.of(400, 405, 414, 431);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String uri;
    private final JsonNode document;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private OpenApiContract(final String uri, final JsonNode document, final SchemaRegistry registry) {
        this.uri = uri;
        this.document = document;
        this.registry = registry;
    }

    /** The document at {@code resource} on the classpath, as the service serves it. */
    static OpenApiContract load(final String resource) {
        try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the classpath");
            }
            final String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            final String uri = BASE + resource;
            final SchemaRegistry registry =
                    SchemaRegistry.withDialect(Dialects.getOpenApi31(), builder -> builder.schemas(Map.of(uri, text)));
            return new OpenApiContract(uri, JSON.readTree(text), registry);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode document() {
        return document;
    }

    /**
     * Null when the answer conforms, else what does not.
     *
     * @param target  the request target as sent (raw, percent-encoded, with its query)
     * @param headers the answer's headers, names in lower case
     */
    String check(
            final String method,
            final String target,
            final int status,
            final Map<String, String> headers,
            final byte[] body) {
        final String path = target.split("\\?", 2)[0];
        final String template = template(path);
        final String contentType = headers.get("content-type");
        if (template == null) {
            return outside(OUTSIDE_PATHS, "a path the document does not list", status, contentType, body);
        }
        final JsonNode operation = method.equals(method.toUpperCase(Locale.ROOT))
                ? document.path("paths").path(template).get(method.toLowerCase(Locale.ROOT))
                : null;
        if (operation == null || !operation.isObject()) {
            return outside(
                    OUTSIDE_METHODS,
                    method + " on " + template + ", which the document does not have",
                    status,
                    contentType,
                    body);
        }
        final String where = method + " " + template;
        String pointer = "/paths/" + escape(template) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/" + status;
        JsonNode response = operation.path("responses").get(String.valueOf(status));
        if (response == null) {
            return "status " + status + " is not declared for " + where + " (declared: "
                    + names(operation.path("responses")) + ")";
        }
        if (response.has("$ref")) {
            pointer = response.get("$ref").asText().substring(1);
            response = document.at(pointer);
        }
        final List<String> wrong = new ArrayList<>();
        response.path("headers").fields().forEachRemaining(header -> {
            final JsonNode declared = resolve(header.getValue());
            if (declared.path("required").asBoolean()
                    && !headers.containsKey(header.getKey().toLowerCase(Locale.ROOT))) {
                wrong.add("required header " + header.getKey() + " missing");
            }
        });
        final JsonNode content = response.get("content");
        if (content == null) {
            if (body.length > 0) {
                wrong.add("a body where " + status + " declares none");
            }
            return report(where, status, wrong);
        }
        final String media = mediaType(contentType);
        final String declaredMedia = declaredMediaType(content, media);
        if (declaredMedia == null) {
            wrong.add("Content-Type " + contentType + " is not declared (declared: " + names(content) + ")");
            return report(where, status, wrong);
        }
        if (media.endsWith("json")) {
            final String errors = validate(pointer + "/content/" + escape(declaredMedia) + "/schema", body);
            if (errors != null) {
                wrong.add(errors);
            }
        }
        return report(where, status, wrong);
    }

    private String outside(
            final Set<Integer> allowed,
            final String what,
            final int status,
            final String contentType,
            final byte[] body) {
        if (!allowed.contains(status)) {
            return "status " + status + " for " + what + " (the document's rules allow " + allowed + ")";
        }
        if (!"application/problem+json".equals(mediaType(contentType))) {
            return status + " for " + what + " with Content-Type " + contentType;
        }
        return validate("/components/schemas/Problem", body);
    }

    private static String report(final String where, final int status, final List<String> wrong) {
        return wrong.isEmpty() ? null : where + " answered " + status + ": " + String.join("; ", wrong);
    }

    /** The path template that {@code path} (raw) is an instance of: a literal match first, then one with parameters. */
    private String template(final String path) {
        final String[] segments = path.split("/", -1);
        String withParameters = null;
        final Iterator<String> templates = document.path("paths").fieldNames();
        while (templates.hasNext()) {
            final String template = templates.next();
            final String[] parts = template.split("/", -1);
            if (parts.length != segments.length) {
                continue;
            }
            boolean matches = true;
            boolean literal = true;
            for (int i = 0; i < parts.length && matches; i++) {
                if (parts[i].startsWith("{") && parts[i].endsWith("}")) {
                    literal = false;
                    matches = !segments[i].isEmpty();
                } else {
                    matches = parts[i].equals(segments[i]);
                }
            }
            if (matches && literal) {
                return template;
            }
            if (matches && withParameters == null) {
                withParameters = template;
            }
        }
        return withParameters;
    }

    private String validate(final String pointer, final byte[] body) {
        final JsonNode instance;
        try {
            instance = JSON.readTree(body);
        } catch (IOException e) {
            return "the body is not JSON: " + HttpFuzzInputs.printable(new String(body, StandardCharsets.UTF_8), 200);
        }
        if (instance == null || instance.isMissingNode()) {
            return "an empty body where JSON is declared";
        }
        final Schema schema =
                schemas.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(uri + "#" + p)));
        final List<Error> errors = schema.validate(instance);
        return errors.isEmpty()
                ? null
                : "body not valid against #" + pointer + ": " + errors + " in "
                        + HttpFuzzInputs.printable(instance.toString(), 300);
    }

    private JsonNode resolve(final JsonNode node) {
        return node.has("$ref") ? document.at(node.get("$ref").asText().substring(1)) : node;
    }

    private static String declaredMediaType(final JsonNode content, final String media) {
        final Iterator<String> names = content.fieldNames();
        while (names.hasNext()) {
            final String name = names.next();
            if (mediaType(name).equals(media)) {
                return name;
            }
        }
        return null;
    }

    static String mediaType(final String contentType) {
        return contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    private static String escape(final String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static List<String> names(final JsonNode node) {
        final List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
