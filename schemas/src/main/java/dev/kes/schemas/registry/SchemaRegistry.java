package dev.kes.schemas.registry;

import dev.kes.schemas.serde.UnknownSchemaException;
import org.apache.avro.Schema;

/**
 * A schema registry: schema ids for the schemas a writer writes, schemas for the ids a reader meets.
 *
 * <p>Why an interface: the services talk to a Confluent-compatible registry over HTTP ({@link
 * HttpSchemaRegistry}); tests and embedded uses can hold the schemas in memory. Implementations are
 * thread-safe.
 */
public interface SchemaRegistry {

    /**
     * Registers {@code schema} under {@code subject} (or finds it already registered) and returns its id.
     *
     * @throws SchemaRegistryException if the registry is unreachable or refuses the schema
     */
    int register(String subject, Schema schema);

    /**
     * The schema registered under this id.
     *
     * @throws UnknownSchemaException if the registry does not know the id
     * @throws SchemaRegistryException if the registry is unreachable or answers with another error
     */
    Schema schemaById(int id);

    /**
     * Fails unless the registry answers: for readers, which register nothing at start.
     *
     * @throws SchemaRegistryException if the registry is unreachable or answers with an error
     */
    default void checkReachable() {}

    /** Where the registry is, for messages (a URL, or a description of an in-memory one). */
    String location();
}
