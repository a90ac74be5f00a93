package dev.kes.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The storage topic's records, in the layout Confluent Schema Registry gives its own {@code _schemas} topic:
 * JSON keys {@code {"keytype":"SCHEMA","subject":…,"version":…,"magic":1}} and
 * {@code {"keytype":"CONFIG","subject":…,"magic":0}}, so compaction keeps the last value per subject version and per
 * config. Keys are always written with the same field order: compaction compares their bytes.
 */
final class StorageFormat {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StorageFormat() {}

    static String schemaKey(final String subject, final int version) {
        final ObjectNode key = JSON.createObjectNode();
        key.put("keytype", "SCHEMA");
        key.put("subject", subject);
        key.put("version", version);
        key.put("magic", 1);
        return key.toString();
    }

    static String schemaValue(final StoredSchema schema) {
        final ObjectNode value = JSON.createObjectNode();
        value.put("subject", schema.subject());
        value.put("version", schema.version());
        value.put("id", schema.id());
        if (!schema.content().references().isEmpty()) {
            final ArrayNode references = value.putArray("references");
            for (final SchemaReference reference : schema.content().references()) {
                references
                        .addObject()
                        .put("name", reference.name())
                        .put("subject", reference.subject())
                        .put("version", reference.version());
            }
        }
        value.put("schema", schema.content().schema());
        value.put("deleted", false);
        return value.toString();
    }

    static String configKey(final String subject) {
        final ObjectNode key = JSON.createObjectNode();
        key.put("keytype", "CONFIG");
        if (subject == null) {
            key.putNull("subject");
        } else {
            key.put("subject", subject);
        }
        key.put("magic", 0);
        return key.toString();
    }

    static String configValue(final CompatibilityLevel level) {
        return JSON.createObjectNode().put("compatibilityLevel", level.name()).toString();
    }

    /** The record, or {@link StorageRecord.Ignored} saying why it cannot be used; never throws. */
    static StorageRecord decode(final String key, final String value) {
        try {
            final JsonNode k = key == null ? null : JSON.readTree(key);
            if (k == null || !k.isObject()) {
                return new StorageRecord.Ignored("the key is not a JSON object");
            }
            final String keyType = k.path("keytype").asText("");
            final JsonNode v = value == null ? null : JSON.readTree(value);
            return switch (keyType) {
                case "SCHEMA" -> schema(k, v);
                case "CONFIG" -> config(k, v);
                default -> new StorageRecord.Ignored("key type '" + keyType + "'");
            };
        } catch (JsonProcessingException | RuntimeException e) {
            return new StorageRecord.Ignored("undecodable: " + e.getMessage());
        }
    }

    private static StorageRecord schema(final JsonNode key, final JsonNode value) {
        final String subject = key.path("subject").asText(null);
        final int version = key.path("version").asInt(0);
        if (subject == null || version < 1) {
            return new StorageRecord.Ignored("a SCHEMA key without subject or version");
        }
        if (value == null || value.isNull()) {
            return new StorageRecord.SchemaTombstone(subject, version);
        }
        final String type = value.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            return new StorageRecord.Ignored("schema type " + type + " of " + subject + " version " + version);
        }
        final int id = value.path("id").asInt(0);
        final String schema = value.path("schema").asText(null);
        if (id < 1 || schema == null) {
            return new StorageRecord.Ignored("a SCHEMA value without id or schema");
        }
        final List<SchemaReference> references = new ArrayList<>();
        for (final JsonNode reference : value.path("references")) {
            references.add(new SchemaReference(
                    reference.path("name").asText(),
                    reference.path("subject").asText(),
                    reference.path("version").asInt()));
        }
        return new StorageRecord.SchemaVersion(
                new StoredSchema(subject, version, id, new SchemaContent(schema, references)),
                value.path("deleted").asBoolean(false));
    }

    private static StorageRecord config(final JsonNode key, final JsonNode value) {
        final JsonNode subjectNode = key.path("subject");
        final String subject = subjectNode.isTextual() ? subjectNode.asText() : null;
        if (value == null || value.isNull()) {
            return new StorageRecord.Config(subject, null);
        }
        return new StorageRecord.Config(
                subject,
                CompatibilityLevel.parse(value.path("compatibilityLevel").asText(null)));
    }
}
