package dev.kes.client.serde;

import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.serde.AvroCodec;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** Values of the results topic ({@code account-command-results}, key = commandId). */
public final class CommandResultSerde extends Serdes.WrapperSerde<CommandResult> {

    /** Single-object encoding, or the schema-registry framing once configured with {@code schema.registry.url}. */
    public CommandResultSerde() {
        this(ConfiguredCodec.fromConfigure());
    }

    /** Always with {@code codec}, whatever the configuration. */
    public CommandResultSerde(final AvroCodec codec) {
        this(ConfiguredCodec.fixed(codec));
    }

    private CommandResultSerde(final ConfiguredCodec codec) {
        super(new ResultSerializer(codec), new ResultDeserializer(codec));
    }

    private record ResultSerializer(ConfiguredCodec codec) implements Serializer<CommandResult> {
        @Override
        public void configure(final Map<String, ?> configs, final boolean isKey) {
            codec.configure(configs);
        }

        @Override
        public byte[] serialize(final String topic, final CommandResult data) {
            return data == null ? null : codec.codec().encode(data);
        }
    }

    private record ResultDeserializer(ConfiguredCodec codec) implements Deserializer<CommandResult> {
        @Override
        public void configure(final Map<String, ?> configs, final boolean isKey) {
            codec.configure(configs);
        }

        @Override
        public CommandResult deserialize(final String topic, final byte[] data) {
            return data == null ? null : codec.codec().decode(data, CommandResult.class);
        }
    }
}
