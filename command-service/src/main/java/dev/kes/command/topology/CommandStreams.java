package dev.kes.command.topology;

import dev.kes.command.CommandMetrics;
import dev.kes.command.CommandServiceConfig;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.kafka.CaughtUpCommits;
import dev.kes.service.tracing.Tracing;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/** The command side's Kafka Streams app: its topology, its properties and the group-commit clients, wired once. */
public final class CommandStreams {
    private CommandStreams() {}

    public static KafkaStreams create(
            final CommandServiceConfig config, final CommandMetrics metrics, final AvroCodec codec) {
        return create(config, metrics, codec, Tracing.off());
    }

    /** As above, each command's handling spanned with {@code tracing}. */
    public static KafkaStreams create(
            final CommandServiceConfig config,
            final CommandMetrics metrics,
            final AvroCodec codec,
            final Tracing tracing) {
        return create(config, metrics, codec, tracing, PersonalSealing.off());
    }

    /** As above, clear personal fields of commands sealed by {@code sealing} before their events are written. */
    public static KafkaStreams create(
            final CommandServiceConfig config,
            final CommandMetrics metrics,
            final AvroCodec codec,
            final Tracing tracing,
            final PersonalSealing sealing) {
        final var properties = CommandStreamsConfig.properties(config);
        if (!config.commitWhenCaughtUp()) {
            return new KafkaStreams(
                    CommandTopology.build(config, metrics, codec, CaughtUpCommits.off(), tracing, sealing), properties);
        }
        final CaughtUpCommits commits = new CaughtUpCommits(
                Long.parseLong(String.valueOf(properties.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG))));
        return new KafkaStreams(
                CommandTopology.build(config, metrics, codec, commits, tracing, sealing),
                properties,
                commits.clientSupplier());
    }
}
