package dev.kes.registry;

import org.apache.avro.Schema;

/** A schema that parsed: Avro's object and the canonical content it is stored and compared as. */
public record ParsedSchema(Schema schema, SchemaContent content) {}
