/**
 * The Kafka ecosystem's wire format: a schema registry speaking the Confluent REST API, and the codec
 * factory that decides from configuration whether writers use it.
 *
 * <p>With {@code schema.registry.url} set, {@link dev.kes.schemas.registry.Codecs#fromConfig} builds a codec
 * that registers the schemas it writes (subject = the record's full name) and writes the Confluent framing
 * ({@code 0x00}, 4-byte big-endian schema id, Avro binary); without it, Avro single-object encoding as before.
 * Every codec reads both framings (see docs/adr/0009-registry-wire-format.md).
 */
package dev.kes.schemas.registry;
