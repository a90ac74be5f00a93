package dev.kes.client.serde;

import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.MalformedRecordException;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads records of one family, in either framing, into their current classes; null stays null. Throws what {@link AvroCodec} throws
 * ({@code UnknownSchemaException}, {@code MalformedRecordException}), and {@link MalformedRecordException} for a
 * record of another family.
 */
final class FamilyDeserializer implements Deserializer<SpecificRecord> {
    private final ConfiguredCodec codec;
    private final RecordFamily family;
    private final BiFunction<AvroCodec, byte[], SpecificRecord> decode;

    FamilyDeserializer(
            final ConfiguredCodec codec,
            final RecordFamily family,
            final BiFunction<AvroCodec, byte[], SpecificRecord> decode) {
        this.codec = codec;
        this.family = family;
        this.decode = decode;
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        codec.configure(configs);
    }

    @Override
    public SpecificRecord deserialize(final String topic, final byte[] data) {
        if (data == null) {
            return null;
        }
        final SpecificRecord record = decode.apply(codec.codec(), data);
        if (!family.holds(record.getSchema())) {
            throw new MalformedRecordException("expected " + family.what() + " on " + topic + " but the bytes hold a "
                    + record.getSchema().getFullName());
        }
        return record;
    }
}
