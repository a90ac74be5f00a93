package dev.kes.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A service's OpenAPI 3.1 document, a reviewed JSON resource of its module, served as is at {@value #PATH} (no token
 * needed, like the health endpoints: it describes the API, it holds no data). Loaded and parsed at start-up, so a
 * service whose document is missing or not JSON does not start.
 */
public final class OpenApiDocument {
    public static final String PATH = "/openapi.json";
    private static final Set<String> METHODS =
            Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private final byte[] bytes;
    private final JsonNode tree;

    private OpenApiDocument(final byte[] bytes, final JsonNode tree) {
        this.bytes = bytes;
        this.tree = tree;
    }

    /** The document at {@code resource} on the classpath (a path such as {@code dev/kes/command/openapi.json}). */
    public static OpenApiDocument load(final String resource) {
        try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no OpenAPI document " + resource + " on the classpath");
            }
            final byte[] bytes = in.readAllBytes();
            final JsonNode tree = new ObjectMapper().readTree(bytes);
            if (tree == null || !tree.path("openapi").asText().startsWith("3.1")) {
                throw new IllegalStateException(resource + " is not an OpenAPI 3.1 document");
            }
            return new OpenApiDocument(bytes, tree);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenAPI document " + resource, e);
        }
    }

    /** Adds {@code GET /openapi.json}. */
    public void serve(final Javalin app) {
        app.get(PATH, ctx -> ctx.contentType("application/json").result(bytes));
    }

    /** Every operation the document describes, as {@code "GET /accounts/{id}"} (Javalin writes path parameters alike). */
    public Set<String> operations() {
        final Set<String> operations = new TreeSet<>();
        final Iterator<Map.Entry<String, JsonNode>> paths = tree.path("paths").fields();
        while (paths.hasNext()) {
            final Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(name -> {
                if (METHODS.contains(name)) {
                    operations.add(name.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            });
        }
        return operations;
    }

    public JsonNode tree() {
        return tree.deepCopy();
    }
}
