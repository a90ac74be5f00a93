package dev.kes.bench;

import dev.kes.client.command.CommandClient;
import dev.kes.command.CommandMetrics;
import dev.kes.command.CommandServiceConfig;
import dev.kes.command.topology.CommandStreams;
import dev.kes.domain.AccountCommand;
import dev.kes.domain.ExpectedVersion;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.kafka.TopicNames;
import dev.kes.service.mapping.CommandMapping;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Where a command's milliseconds go (ADR 0017): the command service's Streams app and a {@link CommandClient} in this
 * JVM, no HTTP, deposits at a fixed open-loop {@code --rate}; per measured window, the split of each command's time
 * (submit → processed by the stream thread, from the result's {@code processedAt}; processed → seen by the client's
 * result listener), the Streams producer's transaction timings per commit, and the embedded broker's request metrics
 * by type and phase ({@link BrokerRequestMetrics}). Settings are compared A/B in the same run: the variants of
 * {@code -Dbench.variants} run in turn, {@code --rounds} times, each on a fresh app.
 *
 * <p>{@code -Dbench.variants='base;short-backoff:streams.producer.retry.backoff.ms=5,commit.when.caught.up=true'}:
 * variants separated by {@code ;}, each {@code name} or {@code name:key=value,...} with the service's keys
 * ({@code streams.*} for Kafka Streams). With {@code -Dbench.split.ingestion=true} each variant also runs
 * command-ingestion over {@code --records}, so that a setting's cost to a backlog is seen in the same window.
 */
final class CommitSplitBench {
    static final String NAME = "commit-split";
    private static final String VARIANTS = "bench.variants";
    private static final String INGESTION = "bench.split.ingestion";
    private static final String STREAMS_KEY = "streams.";
    private static final Duration RESULT_WAIT = Duration.ofSeconds(30);

    private CommitSplitBench() {}

    record Variant(String name, Map<String, String> settings) {}

    static List<Variant> variants(final String spec) {
        final List<Variant> variants = new ArrayList<>();
        for (final String part : spec.split(";")) {
            final String entry = part.strip();
            if (entry.isEmpty()) {
                continue;
            }
            final int colon = entry.indexOf(':');
            final String name = colon < 0 ? entry : entry.substring(0, colon).strip();
            final Map<String, String> settings = new LinkedHashMap<>();
            if (colon >= 0) {
                for (final String setting : entry.substring(colon + 1).split(",")) {
                    final int equals = setting.indexOf('=');
                    if (equals <= 0) {
                        throw new IllegalArgumentException(
                                "-D" + VARIANTS + ": '" + setting + "' of variant " + name + " is not key=value");
                    }
                    settings.put(
                            setting.substring(0, equals).strip(),
                            setting.substring(equals + 1).strip());
                }
            }
            variants.add(new Variant(name, settings));
        }
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("-D" + VARIANTS + " names no variant");
        }
        return variants;
    }

    static void run(final BenchKafka kafka, final BenchOptions options, final PrintStream out)
            throws InterruptedException {
        final List<Variant> variants = variants(System.getProperty(VARIANTS, "defaults"));
        final boolean ingestion = Boolean.getBoolean(INGESTION);
        final Map<String, List<Result>> byVariant = new LinkedHashMap<>();
        for (int round = 1; round <= options.rounds(); round++) {
            for (final Variant variant : variants) {
                out.printf(
                        Locale.ROOT,
                        "%n######## %s, round %d of %d: %s ########%n",
                        variant.name(),
                        round,
                        options.rounds(),
                        variant.settings());
                final Result result = withSettings(variant, () -> {
                    final Result split = once(kafka, options, variant);
                    if (ingestion) {
                        final Result backlog = CommandIngestionBench.run(
                                kafka, options, options.commitIntervals().get(0));
                        split.add(
                                "ingestionPerSec",
                                "command-ingestion, same settings",
                                backlog.number("steadyPerSec"),
                                "commands/s");
                    }
                    return split;
                });
                BenchmarkMain.print(result, out);
                byVariant
                        .computeIfAbsent(variant.name(), name -> new ArrayList<>())
                        .add(result);
            }
        }
        summary(byVariant, out);
    }

    /** One variant, one window: a fresh app, its accounts opened, warm-up, then the measured load. */
    private static Result once(final BenchKafka kafka, final BenchOptions options, final Variant variant)
            throws InterruptedException {
        final String name = kafka.uniqueName("split-" + variant.name());
        final CommandServiceConfig config = ServiceConfigs.command(
                kafka, name, options, options.commitIntervals().get(0));
        final TopicNames topics = CommandIngestionBench.createTopics(kafka, config);
        final AvroCodec codec = AvroCodec.shipped();
        final KafkaStreams streams = CommandStreams.create(config, CommandMetrics.unexposed(), codec);
        streams.start();
        try (CommandClient client = CommandClient.builder()
                .kafka(config.kafka())
                .codec(codec)
                .topics(topics.commands(), topics.results())
                .timeout(RESULT_WAIT)
                .build()) {
            awaitRunning(streams);
            if (!client.awaitReady(RESULT_WAIT)) {
                throw new IllegalStateException("the result listener did not start");
            }
            final String[] accounts = Commands.accountIds(options.accounts());
            final List<CompletableFuture<CommandResult>> opened = new ArrayList<>();
            for (final String account : accounts) {
                opened.add(client.submit(command(new AccountCommand.OpenAccount(
                        account, ExpectedVersion.any(), null, "Benchmark Holder", new BigDecimal("100.00")))));
            }
            CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).join();

            load(client, accounts, options.rate(), options.warmupSeconds(), new Split());
            final BrokerRequestMetrics.Snapshot brokerBefore = BrokerRequestMetrics.snapshot();
            final Map<String, Double> producerBefore = producerMetrics(streams);
            final Split split = new Split();
            final long started = System.nanoTime();
            load(client, accounts, options.rate(), options.durationSeconds(), split);
            final double seconds = (System.nanoTime() - started) / 1e9;
            final BrokerRequestMetrics.Snapshot broker =
                    BrokerRequestMetrics.snapshot().minus(brokerBefore);
            final Map<String, Double> producer = minus(producerMetrics(streams), producerBefore);
            return result(variant, options, split, broker, producer, seconds);
        } finally {
            StreamsRun.close(streams);
        }
    }

    /** Offers {@code rate} deposits a second for {@code seconds}, open loop, and waits for every answer. */
    private static void load(
            final CommandClient client, final String[] accounts, final int rate, final int seconds, final Split split) {
        final long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        final long start = System.nanoTime();
        final long count = (long) rate * seconds;
        final List<CompletableFuture<?>> answers = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            final long due = start + i * interval;
            final long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            final long submitMillis = System.currentTimeMillis();
            answers.add(client.submit(command(new AccountCommand.DepositMoney(
                            Commands.random(accounts),
                            ExpectedVersion.any(),
                            null,
                            Commands.AMOUNT,
                            Commands.DESCRIPTION)))
                    .whenComplete((result, error) -> split.record(due, submitMillis, result, error)));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .exceptionally(error -> null)
                .join();
    }

    private static org.apache.avro.specific.SpecificRecord command(final AccountCommand command) {
        return CommandMapping.toAvro(
                command, UUID.randomUUID().toString(), Metadata.newBuilder().build());
    }

    /** Each command's total (from when it was due), submit → processed and processed → seen. */
    private static final class Split {
        final LatencyRecorder total = new LatencyRecorder();
        final LatencyRecorder toProcessed = new LatencyRecorder();
        final LatencyRecorder toSeen = new LatencyRecorder();
        final AtomicLong errors = new AtomicLong();

        void record(final long due, final long submitMillis, final CommandResult result, final Throwable error) {
            if (error != null) {
                errors.incrementAndGet();
                return;
            }
            final long seenMillis = System.currentTimeMillis();
            total.record(System.nanoTime() - due);
            final long processedMillis = result.getProcessedAt().toEpochMilli();
            toProcessed.record(TimeUnit.MILLISECONDS.toNanos(Math.max(0, processedMillis - submitMillis)));
            toSeen.record(TimeUnit.MILLISECONDS.toNanos(Math.max(0, seenMillis - processedMillis)));
        }
    }

    /** The Streams producer's cumulative transaction timings (ns) and the stream threads' commits. */
    private static Map<String, Double> producerMetrics(final KafkaStreams streams) {
        final Map<String, Double> values = new LinkedHashMap<>();
        for (final Map.Entry<MetricName, ? extends Metric> entry :
                streams.metrics().entrySet()) {
            final MetricName name = entry.getKey();
            final boolean wanted = switch (name.group()) {
                case "producer-metrics" ->
                    name.name().startsWith("txn-") && name.name().endsWith("-time-ns-total")
                            || name.name().equals("flush-time-ns-total")
                            || name.name().equals("record-retry-total")
                            || name.name().equals("request-total");
                case "stream-thread-metrics" -> name.name().equals("commit-total");
                default -> false;
            };
            if (wanted && entry.getValue().metricValue() instanceof Number number) {
                values.merge(name.name(), number.doubleValue(), Double::sum);
            }
        }
        return values;
    }

    private static Map<String, Double> minus(final Map<String, Double> after, final Map<String, Double> before) {
        final Map<String, Double> delta = new LinkedHashMap<>();
        after.forEach((key, value) -> delta.put(key, value - before.getOrDefault(key, 0.0)));
        return delta;
    }

    private static Result result(
            final Variant variant,
            final BenchOptions options,
            final Split split,
            final BrokerRequestMetrics.Snapshot broker,
            final Map<String, Double> producer,
            final double seconds) {
        final double commits = producer.getOrDefault("commit-total", 0.0);
        final Result result = new Result(NAME)
                .add("variant", "variant", variant.name(), "")
                .add("settings", "settings", variant.settings().toString(), "")
                .add("offeredPerSec", "offered rate (open loop, CommandClient, no HTTP)", options.rate(), "commands/s")
                .add("durationSeconds", "measured for", Result.round1(seconds), "s")
                .add("errors", "commands failed or timed out", split.errors.get(), "")
                .latencies("total", "due → result seen", split.total.snapshot(), 50, 90, 99)
                .latencies("processed", "submit → processed", split.toProcessed.snapshot(), 50, 90, 99)
                .latencies("seen", "processed → seen by the client", split.toSeen.snapshot(), 50, 90, 99)
                .add(
                        "processedMeanMs",
                        "submit → processed mean",
                        Result.round1(split.toProcessed.snapshot().meanMs()),
                        "ms")
                .add(
                        "seenMeanMs",
                        "processed → seen mean",
                        Result.round1(split.toSeen.snapshot().meanMs()),
                        "ms")
                .add("commitsPerSec", "transactions committed", Result.round1(commits / seconds), "/s");
        for (final String timing : List.of("txn-begin", "flush", "txn-send-offsets", "txn-commit")) {
            final double ns = producer.getOrDefault(timing + "-time-ns-total", 0.0);
            result.add(
                    metricKey(timing) + "MsPerCommit",
                    timing + " per commit (producer)",
                    Result.round1(commits == 0 ? 0 : ns / 1e6 / commits),
                    "ms");
        }
        result.add(
                "producerRetries",
                "records the Streams producer retried",
                Math.round(producer.getOrDefault("record-retry-total", 0.0)),
                "");
        for (final String request : BrokerRequestMetrics.REQUESTS) {
            final BrokerRequestMetrics.Phase total = broker.phase(request, "TotalTimeMs");
            if (total.count() == 0) {
                continue;
            }
            final StringBuilder phases = new StringBuilder();
            for (final String phase : BrokerRequestMetrics.PHASES.subList(1, BrokerRequestMetrics.PHASES.size())) {
                phases.append(String.format(
                        Locale.ROOT,
                        " %s %.2f",
                        phase.replace("TimeMs", ""),
                        broker.phase(request, phase).meanMs()));
            }
            result.add(
                    "broker" + request,
                    "broker " + request + ": count, mean ms (phases: mean ms)",
                    String.format(
                            Locale.ROOT,
                            "%d, %.2f (%s) max since start %.0f",
                            total.count(),
                            total.meanMs(),
                            phases.toString().strip(),
                            total.maxMs()),
                    "");
        }
        return result.add(
                "brokerErrors",
                "broker error answers (request/error: count)",
                broker.errors().toString(),
                "");
    }

    private static String metricKey(final String timing) {
        final StringBuilder key = new StringBuilder();
        boolean upper = false;
        for (final char c : timing.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                key.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return key.toString();
    }

    /** Per variant, the median over its rounds of the figures that tell the variants apart. */
    private static void summary(final Map<String, List<Result>> byVariant, final PrintStream out) {
        final List<String> keys = List.of(
                "totalP50Ms",
                "totalP99Ms",
                "processedP50Ms",
                "seenP50Ms",
                "processedMeanMs",
                "seenMeanMs",
                "commitsPerSec",
                "flushMsPerCommit",
                "txnSendOffsetsMsPerCommit",
                "txnCommitMsPerCommit",
                "ingestionPerSec");
        out.printf(Locale.ROOT, "%n######## commit-split: medians over rounds ########%n");
        out.printf(Locale.ROOT, "%-28s", "variant");
        keys.forEach(key -> out.printf(Locale.ROOT, " %14s", key.replace("MsPerCommit", "/commit")));
        out.println();
        byVariant.forEach((variant, results) -> {
            out.printf(Locale.ROOT, "%-28s", variant);
            for (final String key : keys) {
                final List<Double> values = results.stream()
                        .filter(result -> result.has(key))
                        .map(result -> result.number(key))
                        .sorted(Comparator.naturalOrder())
                        .toList();
                out.printf(
                        Locale.ROOT,
                        " %14s",
                        values.isEmpty() ? "-" : Result.format(Result.round1(values.get(values.size() / 2))));
            }
            out.println();
        });
    }

    /**
     * Runs {@code body} with the variant's settings as the services' overrides ({@code -Dbench.streams./config.});
     * a variant's key replaces the same one given on the command line.
     */
    private static Result withSettings(final Variant variant, final Body body) throws InterruptedException {
        final List<String> set = new ArrayList<>();
        variant.settings().forEach((key, value) -> {
            final String property = key.startsWith(STREAMS_KEY)
                    ? "bench.streams." + key.substring(STREAMS_KEY.length())
                    : "bench.config." + key;
            set.add(property);
            System.setProperty(property, value);
        });
        try {
            return body.run();
        } finally {
            set.forEach(System::clearProperty);
        }
    }

    private static void awaitRunning(final KafkaStreams streams) throws InterruptedException {
        final long deadline = System.nanoTime() + RESULT_WAIT.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the command app is " + streams.state() + " after " + RESULT_WAIT);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    @FunctionalInterface
    private interface Body {
        Result run() throws InterruptedException;
    }
}
