package dev.kes.registry;

/** One version of a subject: the global id of its schema and the schema itself. */
public record StoredSchema(String subject, int version, int id, SchemaContent content) {}
