package dev.kes.client.events;

import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.registry.SchemaRegistryException;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.MalformedRecordException;
import dev.kes.schemas.serde.UnknownSchemaException;
import dev.kes.schemas.upcast.Upcasters;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads a record of the events topic into its current event class, upcast. Every event type is generated into one
 * namespace and carries accountId, version and occurredAt: a record without them is not an event.
 */
final class EventDecoder {
    private static final String EVENT_NAMESPACE =
            MoneyDeposited.getClassSchema().getNamespace();

    private final AvroCodec codec;
    private final Upcasters upcasters;

    EventDecoder(final AvroCodec codec, final Upcasters upcasters) {
        this.codec = codec;
        this.upcasters = upcasters;
    }

    /**
     * @throws UnknownSchemaException  for a writer schema no current class reads (to be skipped and counted)
     * @throws SchemaRegistryException for a registry that cannot be reached or answers with an error: not the
     *                                 record's fault, so not a decode error (a retry may read it)
     * @throws EventDecodeException    for anything else that is not a readable event, and for a record in the
     *                                 registry's framing when no {@code schema.registry.url} is configured
     */
    SpecificRecord read(final ConsumerRecord<String, byte[]> record) {
        final SpecificRecord event;
        try {
            event = upcasters.decode(codec, record.value());
        } catch (UnknownSchemaException e) {
            if (e.schemaId().isPresent() && codec.registry().isEmpty()) {
                // not a newer producer's type but this reader's configuration: skipping would skip every event
                throw new EventDecodeException(record.topic(), record.partition(), record.offset(), e);
            }
            throw e;
        } catch (SchemaRegistryException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new EventDecodeException(record.topic(), record.partition(), record.offset(), e);
        }
        final Schema schema = event.getSchema();
        if (!EVENT_NAMESPACE.equals(schema.getNamespace())
                || schema.getField("accountId") == null
                || schema.getField("version") == null
                || schema.getField("occurredAt") == null) {
            throw new EventDecodeException(
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    new MalformedRecordException("expected an event but the bytes hold a " + schema.getFullName()));
        }
        return event;
    }

    /** The event with its metadata, where it was read, and the reader's position after it. */
    static SubscribedEvent describe(
            final SpecificRecord event, final ConsumerRecord<String, byte[]> record, final Position after) {
        final Schema schema = event.getSchema();
        return new SubscribedEvent(
                event,
                schema.getName(),
                String.valueOf(event.get(schema.getField("accountId").pos())),
                (Long) event.get(schema.getField("version").pos()),
                (Instant) event.get(schema.getField("occurredAt").pos()),
                record.partition(),
                record.offset(),
                after);
    }
}
