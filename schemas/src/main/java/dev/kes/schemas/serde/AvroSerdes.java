package dev.kes.schemas.serde;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serdes for the generated records, in Avro single-object encoding via {@link AvroCodec}.
 *
 * <p>Why: one way to put records on topics and into state stores, shared by every service.
 * A null value is a tombstone and maps to null bytes and back. Deserializers throw {@link
 * UnknownSchemaException} for records of unknown writer schemas (skip and count them) and
 * {@link MalformedRecordException} for broken bytes.
 */
public final class AvroSerdes {

    private AvroSerdes() {}

    /** A serde for one current record class, over the shipped catalog. */
    public static <T extends SpecificRecord> Serde<T> of(Class<T> type) {
        return of(type, AvroCodec.shipped());
    }

    /** A serde for one current record class; decoding another record type is malformed. */
    public static <T extends SpecificRecord> Serde<T> of(Class<T> type, AvroCodec codec) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(codec, "codec");
        String name = SchemaCatalog.schemaOf(type).getFullName();
        if (!codec.catalog().currentClass(name).filter(type::equals).isPresent()) {
            throw new IllegalArgumentException(type.getName() + " is not a current type of the schema catalog");
        }
        return Serdes.serdeFrom(new RecordSerializer<>(codec), new RecordDeserializer<>(codec, type));
    }

    /** A serde for any current record type (e.g. a topic carrying several event types). */
    public static Serde<SpecificRecord> any() {
        return any(AvroCodec.shipped());
    }

    public static Serde<SpecificRecord> any(AvroCodec codec) {
        Objects.requireNonNull(codec, "codec");
        return Serdes.serdeFrom(new RecordSerializer<>(codec), new RecordDeserializer<>(codec, SpecificRecord.class));
    }

    /** Writes single-object encoding; null stays null. */
    public static final class RecordSerializer<T extends SpecificRecord> implements Serializer<T> {
        private final AvroCodec codec;

        public RecordSerializer(AvroCodec codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
        }

        @Override
        public byte[] serialize(String topic, T data) {
            return data == null ? null : codec.encode(data);
        }
    }

    /** Reads single-object encoding into {@code T}; null stays null. */
    public static final class RecordDeserializer<T extends SpecificRecord> implements Deserializer<T> {
        private final AvroCodec codec;
        private final Class<T> type;

        public RecordDeserializer(AvroCodec codec, Class<T> type) {
            this.codec = Objects.requireNonNull(codec, "codec");
            this.type = Objects.requireNonNull(type, "type");
        }

        @Override
        public T deserialize(String topic, byte[] data) {
            return data == null ? null : codec.decode(data, type);
        }
    }
}
