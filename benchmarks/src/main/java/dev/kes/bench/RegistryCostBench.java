package dev.kes.bench;

import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.registry.SchemaRegistryConfig;
import dev.kes.registry.SchemaRegistryServer;
import dev.kes.schemas.registry.Codecs;
import dev.kes.schemas.serde.AvroCodec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the schema-registry framing costs: command-ingestion and projection-catchup in both framings, in the same run,
 * against a real {@link SchemaRegistryServer} on the benchmark's broker.
 *
 * <p>Per round, each framing in turn (the order alternates between rounds, so neither always runs on a fresher
 * machine): {@link CommandIngestionBench} with its commands pre-loaded and its topology writing in that framing, then
 * a fresh projection replaying an events topic written in that framing ({@link ProjectionCatchUpBench#replay}, the
 * same checks). The two events topics hold the same history and are loaded once, before the rounds. Each registry
 * run builds its codec as a service does at start ({@link Codecs#fromConfig} for the writer, {@link
 * Codecs#forReading} for the projection), so it starts with empty caches. The cost is one minus the median over
 * rounds of registry rate / single-object rate, each ratio taken within one round.
 */
final class RegistryCostBench {
    static final double AIM = 0.05;
    static final String SINGLE = "single";
    static final String REGISTRY = "registry";

    private RegistryCostBench() {}

    /** The framings of round {@code round} (1-based), in the order they run. */
    static List<String> order(final int round) {
        return AlternatingRounds.order(round, SINGLE, REGISTRY);
    }

    static Result run(
            final BenchKafka kafka, final BenchOptions options, final int rounds, final Consumer<Result> print)
            throws InterruptedException {
        final long interval = options.commitIntervals().get(0);
        try (SchemaRegistryServer registry = SchemaRegistryServer.start(SchemaRegistryConfig.of(kafka.bootstrap())
                .withTopic(kafka.uniqueName("_schemas"))
                .withPort(0))) {
            final Map<String, Object> registryConfig = Map.of(Codecs.URL, registry.url());
            final Map<String, LoadedEvents> topics = Map.of(
                    SINGLE, load(kafka, options, SINGLE, AvroCodec.shipped()),
                    REGISTRY, load(kafka, options, REGISTRY, Codecs.fromConfig(registryConfig)));
            final double[] commandRatio = new double[rounds];
            final double[] projectionRatio = new double[rounds];
            final double[][] commandCpu = new double[2][rounds];
            final double[][] projectionCpu = new double[2][rounds];
            for (int round = 1; round <= rounds; round++) {
                final Map<String, Double> command = new HashMap<>();
                final Map<String, Double> projection = new HashMap<>();
                final Result row = new Result("registry-cost-round")
                        .add("round", "round", round, "")
                        .add("order", "order", String.join(", ", order(round)), "");
                for (final String framing : order(round)) {
                    final boolean withRegistry = framing.equals(REGISTRY);
                    final AvroCodec writer = withRegistry ? Codecs.fromConfig(registryConfig) : AvroCodec.shipped();
                    final Result ingestion = CommandIngestionBench.run(kafka, options, interval, writer);
                    command.put(framing, ingestion.number("steadyPerSec"));
                    commandCpu[withRegistry ? 1 : 0][round - 1] = ingestion.number("streamThreadMicrosPerInput");

                    final LoadedEvents events = topics.get(framing);
                    final String name = kafka.uniqueName("rc-" + framing);
                    final ProjectionServiceConfig config = ServiceConfigs.projection(
                            kafka,
                            name,
                            "a",
                            events.end().keySet().iterator().next().topic(),
                            options,
                            0);
                    final AvroCodec reader = withRegistry ? Codecs.forReading(registryConfig) : AvroCodec.shipped();
                    final ProjectionCatchUpBench.Replay replay =
                            ProjectionCatchUpBench.replay(kafka, config, events.end(), events.history(), reader);
                    projection.put(framing, replay.steadyRate());
                    projectionCpu[withRegistry ? 1 : 0][round - 1] =
                            replay.cpu().threadsNanos() / 1e3 / events.events();
                    row.add(
                                    framing + "CommandsPerSec",
                                    framing + ": command-ingestion (steady)",
                                    Math.round(ingestion.number("steadyPerSec")) * 1.0,
                                    "cmd/s")
                            .add(
                                    framing + "CommandMicros",
                                    framing + ": command stream thread CPU per command",
                                    ingestion.number("streamThreadMicrosPerInput"),
                                    "us")
                            .add(
                                    framing + "CommandValueBytes",
                                    framing + ": command size",
                                    ingestion.number("valueBytes"),
                                    "B")
                            .add(
                                    framing + "ProjectionPerSec",
                                    framing + ": projection-catchup (steady)",
                                    Math.round(replay.steadyRate()) * 1.0,
                                    "events/s")
                            .add(
                                    framing + "ProjectionMicros",
                                    framing + ": projection stream thread CPU per event",
                                    Result.round1(projectionCpu[withRegistry ? 1 : 0][round - 1]),
                                    "us");
                }
                commandRatio[round - 1] = command.get(REGISTRY) / command.get(SINGLE);
                projectionRatio[round - 1] = projection.get(REGISTRY) / projection.get(SINGLE);
                row.add(
                                "commandRatio",
                                "command-ingestion registry / single",
                                Result.round1(commandRatio[round - 1] * 100),
                                "%")
                        .add(
                                "projectionRatio",
                                "projection-catchup registry / single",
                                Result.round1(projectionRatio[round - 1] * 100),
                                "%");
                print.accept(row);
            }
            final double commandCost = 1 - AlternatingRounds.median(commandRatio);
            final double projectionCost = 1 - AlternatingRounds.median(projectionRatio);
            return new Result("registry-cost")
                    .add("rounds", "rounds (framings alternating)", rounds, "")
                    .add("records", "commands / events per run", options.records(), "")
                    .add("accounts", "accounts", options.accounts(), "")
                    .add("partitions", "partitions", options.partitions(), "")
                    .add("commitIntervalMs", "commit.interval.ms", interval, "")
                    .add(
                            "singleEventBytes",
                            "events topic bytes (single-object)",
                            topics.get(SINGLE).sent().valueBytes(),
                            "B")
                    .add(
                            "registryEventBytes",
                            "events topic bytes (registry framing)",
                            topics.get(REGISTRY).sent().valueBytes(),
                            "B")
                    .add(
                            "commandRatios",
                            "command-ingestion registry / single per round",
                            AlternatingRounds.percents(commandRatio),
                            "")
                    .add(
                            "projectionRatios",
                            "projection-catchup registry / single per round",
                            AlternatingRounds.percents(projectionRatio),
                            "")
                    .add(
                            "commandCostPercent",
                            "command-ingestion cost (1 - median ratio)",
                            Result.round1(commandCost * 100),
                            "%")
                    .add(
                            "projectionCostPercent",
                            "projection-catchup cost (1 - median ratio)",
                            Result.round1(projectionCost * 100),
                            "%")
                    .add(
                            "commandMicrosMedian",
                            "command thread CPU per command, median single / registry",
                            AlternatingRounds.medians(commandCpu),
                            "us")
                    .add(
                            "projectionMicrosMedian",
                            "projection thread CPU per event, median single / registry",
                            AlternatingRounds.medians(projectionCpu),
                            "us")
                    .add("meetsAim", "both costs <= 5%", commandCost <= AIM && projectionCost <= AIM, "");
        }
    }

    private static LoadedEvents load(
            final BenchKafka kafka, final BenchOptions options, final String framing, final AvroCodec codec)
            throws InterruptedException {
        final String topic = kafka.uniqueName("rc-" + framing) + ".account-events";
        return LoadedEvents.load(kafka, options, topic, (short) -1, codec);
    }
}
