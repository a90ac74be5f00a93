package dev.kes.client.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes records of one family (one schema namespace) as its codec does (single-object encoding, or the
 * schema-registry framing once configured with {@code schema.registry.url}); null stays null.
 */
final class FamilySerializer implements Serializer<SpecificRecord> {
    private final ConfiguredCodec codec;
    private final RecordFamily family;

    FamilySerializer(final ConfiguredCodec codec, final RecordFamily family) {
        this.codec = codec;
        this.family = family;
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        codec.configure(configs);
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
        return codec.codec().encode(data);
    }
}
