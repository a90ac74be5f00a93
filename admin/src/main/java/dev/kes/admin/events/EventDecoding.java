package dev.kes.admin.events;

import dev.kes.domain.AccountEvent;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.MalformedRecordException;
import dev.kes.schemas.serde.UnknownSchemaException;
import dev.kes.schemas.upcast.Upcasters;
import dev.kes.service.mapping.EventMapping;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns the raw bytes of an account-events record, read from the topic or from the archive, into a
 * {@link StoredEvent}: Avro resolution of the writer schema, then the upcasters, as every reader of the store does.
 * What it cannot use is skipped and counted. One per read; not thread-safe.
 */
public final class EventDecoding {
    private final AvroCodec codec;
    private long unknown;
    private long malformed;

    /** Without a schema registry: records in registry framing are counted as unknown. */
    public EventDecoding() {
        this(AvroCodec.shipped());
    }

    /** With the codec of the run (both framings; schema ids looked up in its registry). */
    public EventDecoding(final AvroCodec codec) {
        this.codec = codec;
    }

    /** The codec it decodes with. */
    public AvroCodec codec() {
        return codec;
    }

    /** A record as read from the topic; see {@link #decode(int, long, long, String, byte[])}. */
    public Optional<StoredEvent> decode(final ConsumerRecord<byte[], byte[]> record) {
        return decode(record.partition(), record.offset(), record.timestamp(), key(record.key()), record.value());
    }

    /** @return the event, or empty when the record is of an unknown type or unreadable (then counted) */
    public Optional<StoredEvent> decode(
            final int partition, final long offset, final long timestamp, final String key, final byte[] value) {
        if (value == null) {
            malformed++;
            return Optional.empty();
        }
        final SpecificRecord avro;
        try {
            avro = Upcasters.shipped().decode(codec, value);
        } catch (UnknownSchemaException e) {
            unknown++;
            return Optional.empty();
        } catch (MalformedRecordException e) {
            malformed++;
            return Optional.empty();
        }
        final Optional<AccountEvent> event = EventMapping.toDomain(avro);
        if (event.isEmpty()) {
            unknown++;
            return Optional.empty();
        }
        return Optional.of(new StoredEvent(partition, offset, Instant.ofEpochMilli(timestamp), key, event.get(), avro));
    }

    private static String key(final byte[] key) {
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }

    /** Records of a type this build does not know, so far. */
    public long unknown() {
        return unknown;
    }

    /** Records whose bytes cannot be decoded (or tombstones), so far. */
    public long malformed() {
        return malformed;
    }
}
