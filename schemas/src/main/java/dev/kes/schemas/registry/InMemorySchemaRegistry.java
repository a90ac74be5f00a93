package dev.kes.schemas.registry;

import dev.kes.schemas.serde.UnknownSchemaException;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * A schema registry held in memory, like Confluent's mock client: ids from 1 up, one id per distinct schema
 * (by parsing canonical form) whatever the subject. For tests and embedded uses (users' own Streams app tests);
 * nothing persists. Thread-safe.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

    private final Map<String, Integer> idsByCanonicalForm = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private int registrations;

    @Override
    public synchronized int register(String subject, Schema schema) {
        registrations++;
        return idsByCanonicalForm.computeIfAbsent(SchemaNormalization.toParsingForm(schema), form -> {
            int id = schemasById.size() + 1;
            schemasById.put(id, schema);
            return id;
        });
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw UnknownSchemaException.forSchemaId(
                    id, "schema id " + id + " is not known to the schema registry at " + location());
        }
        return schema;
    }

    /** How many times {@link #register} was called. */
    public synchronized int registrations() {
        return registrations;
    }

    @Override
    public String location() {
        return "memory";
    }
}
