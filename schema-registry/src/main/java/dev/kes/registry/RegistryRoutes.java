package dev.kes.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Confluent Schema Registry's REST API, the part its clients use: registering and looking up schemas, reading them
 * by id and by subject version, compatibility levels and checks. Query parameters this registry has no use for
 * ({@code normalize}, {@code deleted}, {@code subject}, {@code format}) are accepted and ignored.
 */
final class RegistryRoutes {
    /** Confluent's media type; clients send it, or application/json, and read either. */
    static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";

    private final SchemaRegistry registry;
    private final ObjectMapper json;

    RegistryRoutes(final SchemaRegistry registry, final ObjectMapper json) {
        this.registry = registry;
        this.json = json;
    }

    void addTo(final Javalin app) {
        app.get("/", ctx -> write(ctx, 200, json.createObjectNode()));
        app.get("/schemas/types", ctx -> write(ctx, 200, List.of("AVRO")));
        app.get("/schemas/ids/{id}", ctx -> write(ctx, 200, schemaById(id(ctx))));
        app.get(
                "/schemas/ids/{id}/schema",
                ctx -> writeSchema(ctx, registry.schema(id(ctx)).schema()));
        app.get("/schemas/ids/{id}/versions", ctx -> {
            final ArrayNode usages = json.createArrayNode();
            registry.usages(id(ctx))
                    .forEach(s -> usages.addObject().put("subject", s.subject()).put("version", s.version()));
            write(ctx, 200, usages);
        });
        app.get("/subjects", ctx -> write(ctx, 200, registry.subjects()));
        app.post("/subjects/{subject}", ctx -> write(ctx, 200, version(registry.lookup(subject(ctx), request(ctx)))));
        app.get(
                "/subjects/{subject}/versions",
                ctx -> write(
                        ctx,
                        200,
                        registry.versions(subject(ctx)).stream()
                                .map(StoredSchema::version)
                                .toList()));
        app.post("/subjects/{subject}/versions", ctx -> {
            final StoredSchema registered = registry.register(subject(ctx), request(ctx));
            write(ctx, 200, json.createObjectNode().put("id", registered.id()));
        });
        app.get(
                "/subjects/{subject}/versions/{version}",
                ctx -> write(ctx, 200, version(registry.version(subject(ctx), ctx.pathParam("version")))));
        app.get(
                "/subjects/{subject}/versions/{version}/schema",
                ctx -> writeSchema(
                        ctx,
                        registry.version(subject(ctx), ctx.pathParam("version"))
                                .content()
                                .schema()));
        app.get(
                "/subjects/{subject}/versions/{version}/referencedby",
                ctx -> write(ctx, 200, registry.referencedBy(subject(ctx), ctx.pathParam("version"))));
        app.post(
                "/compatibility/subjects/{subject}/versions",
                ctx -> write(
                        ctx,
                        200,
                        compatibility(ctx, registry.compatibilityProblems(subject(ctx), null, request(ctx)))));
        app.post(
                "/compatibility/subjects/{subject}/versions/{version}",
                ctx -> write(
                        ctx,
                        200,
                        compatibility(
                                ctx,
                                registry.compatibilityProblems(subject(ctx), ctx.pathParam("version"), request(ctx)))));
        app.get("/config", ctx -> write(ctx, 200, level("compatibilityLevel", registry.globalLevel())));
        app.put("/config", ctx -> {
            final CompatibilityLevel level = levelOf(ctx);
            registry.setLevel(null, level);
            write(ctx, 200, level("compatibility", level));
        });
        app.get(
                "/config/{subject}",
                ctx -> write(
                        ctx,
                        200,
                        level(
                                "compatibilityLevel",
                                registry.subjectLevel(
                                        subject(ctx), Boolean.parseBoolean(ctx.queryParam("defaultToGlobal"))))));
        app.put("/config/{subject}", ctx -> {
            final CompatibilityLevel level = levelOf(ctx);
            registry.setLevel(subject(ctx), level);
            write(ctx, 200, level("compatibility", level));
        });
        // read-only and import modes are not implemented: this registry always takes writes
        app.get("/mode", ctx -> write(ctx, 200, json.createObjectNode().put("mode", "READWRITE")));
    }

    private ObjectNode schemaById(final int id) {
        final SchemaContent content = registry.schema(id);
        final ObjectNode body = json.createObjectNode();
        body.put("schema", content.schema());
        putReferences(body, content.references());
        return body;
    }

    /** As Confluent answers it: {@code schemaType} left out for AVRO, {@code references} when there are some. */
    private ObjectNode version(final StoredSchema schema) {
        final ObjectNode body = json.createObjectNode();
        body.put("subject", schema.subject());
        body.put("version", schema.version());
        body.put("id", schema.id());
        putReferences(body, schema.content().references());
        body.put("schema", schema.content().schema());
        return body;
    }

    private void putReferences(final ObjectNode body, final List<SchemaReference> references) {
        if (!references.isEmpty()) {
            final ArrayNode array = body.putArray("references");
            references.forEach(r -> array.addObject()
                    .put("name", r.name())
                    .put("subject", r.subject())
                    .put("version", r.version()));
        }
    }

    private ObjectNode compatibility(final Context ctx, final List<String> problems) {
        final ObjectNode body = json.createObjectNode().put("is_compatible", problems.isEmpty());
        if (Boolean.parseBoolean(ctx.queryParam("verbose"))) {
            problems.forEach(body.putArray("messages")::add);
        }
        return body;
    }

    private ObjectNode level(final String field, final CompatibilityLevel level) {
        return json.createObjectNode().put(field, level.name());
    }

    private CompatibilityLevel levelOf(final Context ctx) {
        final JsonNode compatibility = body(ctx).get("compatibility");
        return CompatibilityLevel.parse(
                compatibility == null || !compatibility.isTextual() ? null : compatibility.asText());
    }

    private SchemaRegistry.Request request(final Context ctx) {
        final JsonNode body = body(ctx);
        final JsonNode schema = body.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw RegistryException.invalidSchema(
                    "the request needs a field \"schema\" holding the schema as a string");
        }
        final JsonNode type = body.get("schemaType");
        if (type != null && !type.isNull() && !type.isTextual()) {
            throw RegistryException.invalidSchema("\"schemaType\" must be a string");
        }
        return new SchemaRegistry.Request(
                schema.asText(),
                type == null || type.isNull() ? null : type.asText(),
                references(body.get("references")));
    }

    private static List<SchemaReference> references(final JsonNode node) {
        final List<SchemaReference> references = new ArrayList<>();
        if (node == null || node.isNull()) {
            return references;
        }
        if (!node.isArray()) {
            throw RegistryException.invalidSchema("\"references\" must be an array");
        }
        for (final JsonNode reference : node) {
            final JsonNode name = reference.get("name");
            final JsonNode subject = reference.get("subject");
            final JsonNode version = reference.get("version");
            if (name == null
                    || !name.isTextual()
                    || subject == null
                    || !subject.isTextual()
                    || version == null
                    || !version.canConvertToInt()
                    || !version.isIntegralNumber()) {
                throw RegistryException.invalidSchema(
                        "each reference needs a string \"name\" and \"subject\" and an " + "integer \"version\"");
            }
            references.add(new SchemaReference(name.asText(), subject.asText(), version.asInt()));
        }
        return references;
    }

    /** The request body as a JSON object, or a 42201 error: a body that is not one cannot hold a schema. */
    private JsonNode body(final Context ctx) {
        final JsonNode body;
        try {
            body = json.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            throw RegistryException.invalidSchema("the request body is not JSON: " + firstLine(e));
        }
        if (body == null || !body.isObject()) {
            throw RegistryException.invalidSchema("the request body must be a JSON object");
        }
        return body;
    }

    private static String firstLine(final IOException e) {
        final String message = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
        return message == null ? e.toString() : message.lines().findFirst().orElse(message);
    }

    private static String subject(final Context ctx) {
        return ctx.pathParam("subject");
    }

    private static int id(final Context ctx) {
        final String id = ctx.pathParam("id");
        try {
            return Integer.parseInt(id);
        } catch (NumberFormatException e) {
            throw RegistryException.schemaNotFound("Schema " + id);
        }
    }

    /** The schema document itself, as Confluent's {@code .../schema} endpoints give it. */
    private static void writeSchema(final Context ctx, final String schema) {
        // bytes: a String result would be encoded in Jetty's default charset for this media type, not UTF-8
        ctx.status(200).contentType(MEDIA_TYPE).result(schema.getBytes(StandardCharsets.UTF_8));
    }

    private void write(final Context ctx, final int status, final Object body) throws JsonProcessingException {
        ctx.status(status).contentType(MEDIA_TYPE).result(json.writeValueAsBytes(body));
    }
}
