package dev.kes.bench;

import dev.kes.command.CommandServiceConfig;
import dev.kes.command.topology.CommandStreamsConfig;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The ceiling of this design: N records of a DepositMoney's size pre-loaded into an input topic, then a
 * {@link BareProcessor} with exactly the command service's Streams settings ({@code CommandStreamsConfig}:
 * exactly_once_v2, the same commit.interval.ms, one stream thread) until both output topics hold N committed records.
 */
final class BareProcessorBench {
    private BareProcessorBench() {}

    static Result run(final BenchKafka kafka, final BenchOptions options, final long commitIntervalMs) {
        final String name = kafka.uniqueName("bare-ci" + commitIntervalMs);
        final String input = name + ".in";
        final String outputA = name + ".out-a";
        final String outputB = name + ".out-b";
        kafka.createTopics(options.partitions(), input, outputA, outputB);
        final String[] accounts = Commands.accountIds(options.accounts());
        final byte[] value = Commands.deposit(accounts[0]);
        final int records = options.records();
        final Loader.Sent loaded =
                Loader.send(kafka.producerSettings(), input, records, i -> Commands.random(accounts), i -> value);
        final CommandServiceConfig config = ServiceConfigs.command(kafka, name, options, commitIntervalMs);
        final StreamsRun.Timing timing;
        try (OutputWatcher watcher = new OutputWatcher(kafka.bootstrap(), List.of(outputA, outputB))) {
            final KafkaStreams streams = new KafkaStreams(
                    BareProcessor.topology(input, outputA, outputB), CommandStreamsConfig.properties(config));
            timing = StreamsRun.run(
                    config.applicationId(),
                    streams,
                    watcher,
                    Map.of(outputA, (long) records, outputB, (long) records),
                    records,
                    2);
        }
        final Result result = new Result("bare-processor")
                .add("records", "records (pre-loaded)", loaded.records(), "")
                .add("valueBytes", "value size", value.length, "B")
                .add("accounts", "distinct keys", options.accounts(), "")
                .add("partitions", "partitions", options.partitions(), "")
                .add("commitIntervalMs", "commit.interval.ms", commitIntervalMs, "");
        StreamsRun.addTo(result, timing, "records");
        return result;
    }
}
