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

    public CommandSerde() {
        this(AvroCodec.shipped());
    }

    public CommandSerde(final AvroCodec codec) {
        super(new FamilySerializer(codec, RecordFamily.COMMAND),
                new FamilyDeserializer(codec, RecordFamily.COMMAND, AvroCodec::decode));
    }
}
