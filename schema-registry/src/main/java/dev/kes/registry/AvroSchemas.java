package dev.kes.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * Parses Avro schemas as the registry stores them: referenced types first (each reference is a subject's version),
 * then the schema, all in one parser so that the schema may use the referenced names. The canonical form leaves
 * referenced types as names, as Confluent's does, so a reference is not inlined into the stored schema.
 */
final class AvroSchemas {

    /** The version a reference points at, or empty when there is none. */
    @FunctionalInterface
    interface References {
        Optional<StoredSchema> find(String subject, int version);
    }

    private AvroSchemas() {}

    /** The parsed schema, or a 42201 error saying why it is not one. */
    // Schema.toString(Collection, boolean) is deprecated but still the one public way to print referenced types as
    // names
    @SuppressWarnings("deprecation")
    static ParsedSchema parse(final String text, final List<SchemaReference> references, final References lookup) {
        if (text == null || text.isBlank()) {
            throw RegistryException.invalidSchema("the schema is empty");
        }
        final Map<String, StoredSchema> dependencies = new LinkedHashMap<>();
        for (final SchemaReference reference : references) {
            collect(reference, lookup, dependencies, new LinkedHashSet<>());
        }
        final Schema.Parser parser = new Schema.Parser();
        final List<Schema> referenced = new ArrayList<>();
        try {
            for (final StoredSchema dependency : dependencies.values()) {
                referenced.add(parser.parse(dependency.content().schema()));
            }
        } catch (RuntimeException e) {
            throw RegistryException.invalidSchema("a referenced schema does not parse: " + describe(e));
        }
        final Schema schema;
        try {
            schema = parser.parse(text);
        } catch (RuntimeException e) {
            // SchemaParseException, AvroTypeException for a bad default, and whatever else a malformed text provokes
            throw RegistryException.invalidSchema(describe(e));
        }
        final String canonical = referenced.isEmpty() ? schema.toString() : schema.toString(referenced, false);
        return new ParsedSchema(schema, new SchemaContent(canonical, references));
    }

    /** The parser's reason, without exception class names: Avro wraps Jackson's for a text that is not JSON. */
    private static String describe(final RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return "not JSON: " + json.getOriginalMessage();
            }
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Depth first, so that every type is parsed after the types it uses. */
    private static void collect(
            final SchemaReference reference,
            final References lookup,
            final Map<String, StoredSchema> into,
            final Set<String> path) {
        final String key = reference.subject() + "/" + reference.version();
        if (into.containsKey(key)) {
            return;
        }
        if (!path.add(key)) {
            throw RegistryException.invalidSchema("the references form a cycle through " + key);
        }
        final StoredSchema target = lookup.find(reference.subject(), reference.version())
                .orElseThrow(() ->
                        RegistryException.invalidSchema("reference '" + reference.name() + "' points at " + "subject '"
                                + reference.subject() + "' version " + reference.version() + ", which does not exist"));
        for (final SchemaReference nested : target.content().references()) {
            collect(nested, lookup, into, path);
        }
        path.remove(key);
        into.put(key, target);
    }
}
