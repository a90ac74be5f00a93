package dev.kes.bench;

import dev.kes.command.CommandMetrics;
import dev.kes.command.CommandServiceConfig;
import dev.kes.command.CommandTopics;
import dev.kes.command.topology.CommandStreams;
import dev.kes.command.topology.PersonalSealing;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.kafka.TopicNames;
import dev.kes.service.kafka.TopicProvisioner;
import dev.kes.service.tracing.Tracing;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Commands through Kafka ingestion, no HTTP: the command service's own Streams app ({@link CommandStreams}:
 * topology, properties and group commit) over pre-loaded commands.
 *
 * <ol>
 *   <li>Setup, untimed: M OpenAccount commands are produced and processed, then the app is closed (its RocksDB
 *       state stays in the state dir).</li>
 *   <li>N DepositMoney commands to random accounts are pre-loaded; the same app is started again and timed, like the
 *       bare processor, until N results and N events are committed.</li>
 * </ol>
 */
final class CommandIngestionBench {
    private CommandIngestionBench() {}

    static Result run(final BenchKafka kafka, final BenchOptions options, final long commitIntervalMs)
            throws InterruptedException {
        return run(kafka, options, commitIntervalMs, AvroCodec.shipped());
    }

    /**
     * The same with {@code codec} for the pre-loaded commands and the topology (registry-cost: a registry codec, so
     * the commands arrive, and the events and results leave, in the registry framing).
     */
    static Result run(
            final BenchKafka kafka, final BenchOptions options, final long commitIntervalMs, final AvroCodec codec)
            throws InterruptedException {
        final String name =
                kafka.uniqueName((codec.registry().isPresent() ? "cmd-reg-ci" : "cmd-ci") + commitIntervalMs);
        final CommandServiceConfig config = ServiceConfigs.command(kafka, name, options, commitIntervalMs);
        final TopicNames topics = createTopics(kafka, config);
        final String[] accounts = Commands.accountIds(options.accounts());
        final StreamsRun.Timing opened = open(kafka, config, accounts, account -> Commands.open(account, codec), codec);

        final int records = options.records();
        final int[] target =
                ThreadLocalRandom.current().ints(records, 0, accounts.length).toArray();
        final Loader.Sent loaded = Loader.send(
                kafka.producerSettings(),
                topics.commands(),
                records,
                i -> accounts[target[i]],
                i -> Commands.deposit(accounts[target[i]], codec));
        final StreamsRun.Timing timing = process(kafka, config, records, codec);

        final Result result = new Result("command-ingestion")
                .add("records", "DepositMoney commands (pre-loaded)", loaded.records(), "")
                .add("valueBytes", "command size", Commands.deposit(accounts[0], codec).length, "B")
                .add("accounts", "accounts (opened first, untimed)", accounts.length, "")
                .add("openSeconds", "opening them took", Result.round1(opened.fromStartSeconds()), "s")
                .add("partitions", "partitions", options.partitions(), "")
                .add("commitIntervalMs", "commit.interval.ms", commitIntervalMs, "");
        StreamsRun.addTo(result, timing, "commands");
        return result;
    }

    /** Creates the command topics of {@code config} and waits until they are served. */
    static TopicNames createTopics(final BenchKafka kafka, final CommandServiceConfig config)
            throws InterruptedException {
        final TopicNames topics = config.topics();
        TopicProvisioner.ensure(kafka.admin(), CommandTopics.specs(config));
        kafka.awaitServed(List.of(topics.commands(), topics.events(), topics.results(), topics.dlq()));
        return topics;
    }

    /** Opens {@code accounts} (each with the command {@code open} makes) through a run of the command topology. */
    static StreamsRun.Timing open(
            final BenchKafka kafka,
            final CommandServiceConfig config,
            final String[] accounts,
            final Function<String, byte[]> open,
            final AvroCodec codec) {
        Loader.send(
                kafka.producerSettings(),
                config.topics().commands(),
                accounts.length,
                i -> accounts[i],
                i -> open.apply(accounts[i]));
        return process(kafka, config, accounts.length, codec);
    }

    /** One run of the command topology until every command has a committed result and an event. */
    static StreamsRun.Timing process(
            final BenchKafka kafka, final CommandServiceConfig config, final long commands, final AvroCodec codec) {
        return process(kafka, config, commands, codec, PersonalSealing.off());
    }

    /** As above, clear personal values of the commands sealed by {@code sealing}. */
    static StreamsRun.Timing process(
            final BenchKafka kafka,
            final CommandServiceConfig config,
            final long commands,
            final AvroCodec codec,
            final PersonalSealing sealing) {
        final TopicNames topics = config.topics();
        try (OutputWatcher watcher = new OutputWatcher(kafka.bootstrap(), List.of(topics.results(), topics.events()))) {
            final KafkaStreams streams =
                    CommandStreams.create(config, CommandMetrics.unexposed(), codec, Tracing.off(), sealing);
            return StreamsRun.run(
                    config.applicationId(),
                    streams,
                    watcher,
                    Map.of(topics.results(), commands, topics.events(), commands),
                    commands,
                    2);
        }
    }
}
