package dev.kes.client.serde;

import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.upcast.Upcasters;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Values of the events topic ({@code account-events}): any event type, read into its current class with the
 * upcasters applied, as the services read them. Usable in Kafka Streams
 * ({@code Consumed.with(Serdes.String(), new EventSerde())}) and, by class name, as {@code default.value.serde};
 * its {@code deserializer()} serves a plain consumer.
 */
public final class EventSerde extends Serdes.WrapperSerde<SpecificRecord> {

    /** Single-object encoding, or the schema-registry framing once configured with {@code schema.registry.url}. */
    public EventSerde() {
        this(ConfiguredCodec.fromConfigure());
    }

    /** Always with {@code codec}, whatever the configuration. */
    public EventSerde(final AvroCodec codec) {
        this(ConfiguredCodec.fixed(codec));
    }

    private EventSerde(final ConfiguredCodec codec) {
        super(
                new FamilySerializer(codec, RecordFamily.EVENT),
                new FamilyDeserializer(codec, RecordFamily.EVENT, Upcasters.shipped()::decode));
    }
}
