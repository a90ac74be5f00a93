package dev.kes.client.serde;

import dev.kes.schemas.serde.AvroCodec;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Values of the commands topic ({@code account-commands}): any command type. Key the record by its accountId, as
 * {@code CommandClient} does; a Kafka Streams app that writes commands awaits their results on the results topic
 * ({@link CommandResultSerde}).
 */
public final class CommandSerde extends Serdes.WrapperSerde<SpecificRecord> {

    /** Single-object encoding, or the schema-registry framing once configured with {@code schema.registry.url}. */
    public CommandSerde() {
        this(ConfiguredCodec.fromConfigure());
    }

    /** Always with {@code codec}, whatever the configuration. */
    public CommandSerde(final AvroCodec codec) {
        this(ConfiguredCodec.fixed(codec));
    }

    private CommandSerde(final ConfiguredCodec codec) {
        super(
                new FamilySerializer(codec, RecordFamily.COMMAND),
                new FamilyDeserializer(codec, RecordFamily.COMMAND, AvroCodec::decode));
    }
}
