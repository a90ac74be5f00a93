package dev.kes.registry;

/** A named type a schema uses that another subject's version defines (Confluent's schema references). */
public record SchemaReference(String name, String subject, int version) {}
