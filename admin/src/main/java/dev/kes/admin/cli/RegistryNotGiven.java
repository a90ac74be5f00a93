package dev.kes.admin.cli;

import dev.kes.admin.AdminException;
import dev.kes.schemas.registry.SchemaRegistry;
import org.apache.avro.Schema;

/**
 * The schema registry es-admin was not given. A record in the registry's framing cannot be read without it, and
 * skipping it would skip every record a registry-using service wrote (events printed as none, a migration copying
 * clear holders unchanged), so the first such record stops the command with how to give es-admin the registry.
 */
final class RegistryNotGiven implements SchemaRegistry {
    static final String HOW = "pass --schema-registry-url URL or set KES_SCHEMA_REGISTRY_URL (the services' "
            + "schema.registry.url; the local stack's is http://127.0.0.1:8085)";

    @Override
    public int register(final String subject, final Schema schema) {
        throw new AdminException("es-admin has no schema registry to register " + subject + " in: " + HOW);
    }

    @Override
    public Schema schemaById(final int id) {
        throw new AdminException("a record is framed as the schema registry frames them (magic byte 0, schema id " + id
                + ") and es-admin has no registry to look the id up: " + HOW);
    }

    @Override
    public String location() {
        return "no registry (--schema-registry-url not given)";
    }
}
