/**
 * Avro single-object encoding of the generated record classes, the catalog of every schema
 * version ever published, and Kafka serdes on top of both.
 *
 * <p>Start with {@link dev.kes.schemas.serde.AvroSerdes} (Kafka) or {@link
 * dev.kes.schemas.serde.AvroCodec} (plain bytes); the module README describes the wire format
 * and how to publish a new schema version.
 */
package dev.kes.schemas.serde;
