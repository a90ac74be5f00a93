package dev.kes.client.serde;

import dev.kes.schemas.serde.AvroCodec;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Writes records of one family (one schema namespace) in single-object encoding; null stays null. */
final class FamilySerializer implements Serializer<SpecificRecord> {
    private final AvroCodec codec;
    private final RecordFamily family;

    FamilySerializer(final AvroCodec codec, final RecordFamily family) {
        this.codec = codec;
        this.family = family;
    }

    /** @throws IllegalArgumentException for a record of another family, or one that cannot be encoded */
    @Override
    public byte[] serialize(final String topic, final SpecificRecord data) {
        if (data == null) {
            return null;
        }
        // an event on the commands topic (or the reverse) would be dead-lettered far from the code that wrote it
        if (!family.holds(data.getSchema())) {
            throw new IllegalArgumentException("a " + data.getSchema().getFullName() + " is not " + family.what()
                    + " and does not belong on " + topic);
        }
        return codec.encode(data);
    }
}
