package dev.kes.client.serde;

import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.AvroSerdes;
import org.apache.kafka.common.serialization.Serdes;

/** Values of the results topic ({@code account-command-results}, key = commandId). */
public final class CommandResultSerde extends Serdes.WrapperSerde<CommandResult> {

    public CommandResultSerde() {
        this(AvroCodec.shipped());
    }

    public CommandResultSerde(final AvroCodec codec) {
        super(new AvroSerdes.RecordSerializer<>(codec), new AvroSerdes.RecordDeserializer<>(codec, CommandResult.class));
    }
}
