package dev.kes.bench;

import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.projection.topology.ProjectionStreamsConfig;
import dev.kes.projection.topology.StoreNames;
import dev.kes.schemas.common.AccountStatus;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.view.AccountView;
import dev.kes.schemas.view.BalanceHistoryEntry;
import dev.kes.schemas.view.MonthlySnapshot;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * The ceiling of the projection's design: in one run, on one pre-loaded events topic (the {@link EventHistory} of
 * projection-catchup), how fast Kafka Streams apps of the projection's shape replay it, beside a raw consumer.
 *
 * <ol>
 *   <li>N events of M accounts are produced to a fresh events topic (untimed for the result).
 *   <li>{@link RawConsumerRead} reads the whole topic: the ceiling of any reader.</li>
 *   <li><b>bare, 0 stores</b>: {@link BareProjection} that does nothing per record — Kafka Streams itself.</li>
 *   <li><b>bare, 4 stores</b>: {@link BareProjection} with the projection's four persistent stores, a get and a put
 *       on each per event — the design (four changelogged RocksDB stores) without our code.</li>
 *   <li><b>bare, 4 stores, puts only</b>: the same without the gets, as the projection does in the steady state
 *       (it reads a store only when its per-account LRU misses).</li>
 *   <li><b>projection</b>: {@link dev.kes.projection.ProjectionService} exactly as projection-catchup runs it, checked the same way.</li>
 *   <li>The raw consumer reads the topic once more; the better of the two raw reads is the ceiling.</li>
 * </ol>
 *
 * Every Streams app has the projection's Streams settings ({@link ProjectionStreamsConfig}: at-least-once,
 * commit.interval.ms 1000, read_committed, --stream-threads threads, no standby), its own application.id and an empty
 * state dir, and is timed alike: from {@code start()} until its group has committed the end of every partition
 * ({@link CatchUpWatcher}); the rate is the one from the first commit to the last, as in projection-catchup. The bare
 * apps also count the records they process, which gives a processing rate free of the commits' one-second steps (it
 * matters for the pass-through, which may finish within a few commits). After each app its internal topics are
 * deleted, so that the broker's log cleaner does not compact one app's changelogs while the next one is timed.
 */
final class BareProjectionBench {
    private BareProjectionBench() {}

    /** One bare app's replay, and what it processed by its own count. */
    private record Bare(
            BareProjection.Shape shape,
            ProjectionCatchUpBench.Replay replay,
            double processedRate,
            long changelogRecords) {}

    static Result run(final BenchKafka kafka, final BenchOptions options) throws InterruptedException {
        final String name = kafka.uniqueName("bare-projection");
        final String topic = name + ".account-events";
        final ProjectionServiceConfig projection =
                ServiceConfigs.projection(kafka, name + "-service", "a", topic, options, 0);
        final LoadedEvents load = LoadedEvents.load(kafka, options, topic, projection.replicationFactor());
        final EventHistory history = load.history();
        final Loader.Sent loaded = load.sent();
        final Map<TopicPartition, Long> end = load.end();
        final long events = load.events();
        final BareProjection.ValueSizes sizes = typicalValueSizes();

        final RawConsumerRead.Timing rawBefore = RawConsumerRead.read(kafka.bootstrap(), topic, events);
        final Bare bare0 = bare(kafka, options, topic, end, BareProjection.Shape.NO_STORES, sizes);
        final Bare bare4 = bare(kafka, options, topic, end, BareProjection.Shape.GET_AND_PUT, sizes);
        final Bare puts = bare(kafka, options, topic, end, BareProjection.Shape.PUT_ONLY, sizes);
        final Bare indexed = bare(kafka, options, topic, end, BareProjection.Shape.INDEXED, sizes);
        final ProjectionCatchUpBench.Replay service = ProjectionCatchUpBench.replay(kafka, projection, end, history);
        final long serviceChangelog = ProjectionCatchUpBench.changelogRecords(kafka, projection.applicationId());
        kafka.deleteTopicsStartingWith(projection.applicationId() + "-");
        BenchKafka.deleteRecursively(Path.of(projection.stateDir()));
        final RawConsumerRead.Timing rawAfter = RawConsumerRead.read(kafka.bootstrap(), topic, events);

        final double raw = Math.max(rawBefore.steadyRate(), rawAfter.steadyRate());
        final Result result = load.describe(new Result("bare-projection"), options)
                .add(
                        "storeValueBytes",
                        "bare values: balances / balance-history / monthly-snapshots (event-index: " + "the event)",
                        sizes.balanceBytes() + " / " + sizes.historyBytes() + " / " + sizes.monthlyBytes(),
                        "B")
                .add("partitions", "partitions", options.partitions(), "")
                .add("streamThreads", "stream threads of every Streams app", options.streamThreads(), "")
                .add("loadPerSec", "pre-load (one producer)", Math.round(loaded.perSecond()) * 1.0, "events/s")
                .add("rawBeforePerSec", "raw consumer, before", rate(rawBefore.steadyRate()), "events/s")
                .add("rawAfterPerSec", "raw consumer, after", rate(rawAfter.steadyRate()), "events/s")
                .add("rawPerSec", "raw consumer (better)", rate(raw), "events/s")
                .add(
                        "rawMicrosPerEvent",
                        "raw consumer thread CPU per event (better)",
                        Result.round1(Math.min(rawBefore.cpuMicrosPerRecord(), rawAfter.cpuMicrosPerRecord())),
                        "us");
        addBare(result, "bare0", "bare, 0 stores", bare0, events);
        addBare(result, "bare4", "bare, 4 stores, get + put", bare4, events);
        addBare(result, "bare4Puts", "bare, 4 stores, puts only", puts, events);
        addBare(result, "bare3Indexed", "bare, 3 stores of ADR 0015, 2 cached", indexed, events);
        result.add(
                "bare3IndexedChangelogPerEvent",
                "bare, 3 stores of ADR 0015: changelog records per event",
                Math.round(indexed.changelogRecords() * 100.0 / events) / 100.0,
                "");
        addApp(result, "projection", "projection", service, events);
        result.add(
                "projectionChangelogPerEvent",
                "projection: changelog records per event (account stores)",
                Math.round(serviceChangelog * 100.0 / events) / 100.0,
                "");
        final double b0 = bare0.replay().steadyRate();
        final double b4 = bare4.replay().steadyRate();
        final double b4p = puts.replay().steadyRate();
        final double p = service.steadyRate();
        return result.add("bare0ToRawPercent", "bare 0 stores / raw consumer", percent(b0, raw), "%")
                .add("bare4ToRawPercent", "bare 4 stores, get + put / raw consumer", percent(b4, raw), "%")
                .add("bare4PutsToRawPercent", "bare 4 stores, puts only / raw consumer", percent(b4p, raw), "%")
                .add(
                        "bare3IndexedToRawPercent",
                        "bare 3 stores of ADR 0015 / raw consumer",
                        percent(indexed.replay().steadyRate(), raw),
                        "%")
                .add("projectionToRawPercent", "projection / raw consumer (aim >= 6 %)", percent(p, raw), "%")
                .add(
                        "projectionToBare3IndexedPercent",
                        "projection / bare 3 stores of ADR 0015",
                        percent(p, indexed.replay().steadyRate()),
                        "%")
                .add("bare4ToBare0Percent", "bare 4 stores, get + put / bare 0 stores", percent(b4, b0), "%")
                .add("projectionToBare4Percent", "projection / bare 4 stores, get + put", percent(p, b4), "%")
                .add("projectionToBare4PutsPercent", "projection / bare 4 stores, puts only", percent(p, b4p), "%")
                .add(
                        "bare0ProcessedToRawPercent",
                        "bare 0 stores / raw, processed rate",
                        percent(bare0.processedRate(), raw),
                        "%")
                .add(
                        "bare4ProcessedToRawPercent",
                        "bare 4 stores, get + put / raw, processed rate",
                        percent(bare4.processedRate(), raw),
                        "%")
                .add(
                        "bare4PutsProcessedToRawPercent",
                        "bare 4 stores, puts only / raw, processed rate",
                        percent(puts.processedRate(), raw),
                        "%")
                // the pass-through's commit-based rate is coarse (few commits in its span): compare processed rates
                .add(
                        "bare4ToBare0ProcessedPercent",
                        "bare 4 stores, get + put / bare 0 stores, processed rates",
                        percent(bare4.processedRate(), bare0.processedRate()),
                        "%")
                .add(
                        "bare4PutsToBare0ProcessedPercent",
                        "bare 4 stores, puts only / bare 0 stores, processed rates",
                        percent(puts.processedRate(), bare0.processedRate()),
                        "%");
    }

    /**
     * A bare app of that shape replays the topic, timed as the projection; then it must have processed
     * every event (and, with stores, written a changelog record per event and store), and its topics and state go.
     */
    private static Bare bare(
            final BenchKafka kafka,
            final BenchOptions options,
            final String topic,
            final Map<TopicPartition, Long> end,
            final BareProjection.Shape shape,
            final BareProjection.ValueSizes sizes)
            throws InterruptedException {
        final long events = end.values().stream().mapToLong(Long::longValue).sum();
        final String app = kafka.uniqueName(
                "bare-projection-" + shape.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        final ProjectionServiceConfig config = ServiceConfigs.projection(kafka, app, "a", topic, options, 0);
        final BareProjection.Progress progress = new BareProjection.Progress(events);
        final KafkaStreams streams = new KafkaStreams(
                BareProjection.build(topic, shape, sizes, progress), ProjectionStreamsConfig.properties(config));
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        streams.setUncaughtExceptionHandler(e -> {
            failure.compareAndSet(null, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        final ProjectionCatchUpBench.Replay replay;
        final GcTime gcBefore = GcTime.total();
        final CpuTime cpuBefore = CpuTime.now(CpuTime.streamThreadsOf(app));
        final long start = System.nanoTime();
        try {
            streams.start();
            final CatchUpWatcher.Seen seen = CatchUpWatcher.await(kafka.admin(), app, end, () -> {
                if (failure.get() != null) {
                    throw new IllegalStateException(app + " failed: " + failure.get(), failure.get());
                }
                final KafkaStreams.State state = streams.state();
                if (state == KafkaStreams.State.ERROR
                        || state == KafkaStreams.State.PENDING_ERROR
                        || state == KafkaStreams.State.NOT_RUNNING) {
                    throw new IllegalStateException(app + " stopped: " + state);
                }
            });
            // before close(): the stream threads' CPU can only be read while they live
            final CpuTime cpu = CpuTime.now(CpuTime.streamThreadsOf(app)).minus(cpuBefore);
            replay = new ProjectionCatchUpBench.Replay(
                    start, seen, cpu, GcTime.total().minus(gcBefore));
        } finally {
            StreamsRun.close(streams);
        }
        if (progress.processed() < events) {
            throw new IllegalStateException(
                    app + " committed the end but processed " + progress.processed() + " of " + events + " events");
        }
        long changelogRecords = 0;
        final String[] stores = switch (shape) {
            case NO_STORES -> new String[0];
            case INDEXED -> BareProjection.INDEXED_STORES;
            default -> BareProjection.STORES;
        };
        for (final String store : stores) {
            final String changelog = app + "-" + store + "-changelog";
            final long records = CatchUpWatcher.endOffsets(kafka.admin(), changelog).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            // a cached store writes a changed key once per commit: fewer records than events
            final boolean cached = shape == BareProjection.Shape.INDEXED && !store.equals(StoreNames.EVENT_INDEX);
            if (records < (cached ? 1 : events)) {
                throw new IllegalStateException(changelog + " holds " + records + " records for " + events + " events");
            }
            changelogRecords += records;
        }
        kafka.deleteTopicsStartingWith(app + "-");
        BenchKafka.deleteRecursively(Path.of(config.stateDir()));
        return new Bare(shape, replay, progress.rate(), changelogRecords);
    }

    /** A bare app's rows: its replay's, its own processing rate and, with stores, its changelogs' records. */
    private static void addBare(
            final Result result, final String key, final String label, final Bare bare, final long events) {
        addApp(result, key, label, bare.replay(), events);
        result.add(
                key + "ProcessedPerSec",
                label + ": first to last record processed",
                rate(bare.processedRate()),
                "events/s");
        if (bare.shape() != BareProjection.Shape.NO_STORES) {
            result.add(
                    key + "ChangelogRecords",
                    label + ": changelog records (all its stores)",
                    bare.changelogRecords(),
                    "");
        }
    }

    /** The rows of one Streams app's replay, keys prefixed with {@code key}. */
    private static void addApp(
            final Result result,
            final String key,
            final String label,
            final ProjectionCatchUpBench.Replay replay,
            final long events) {
        final CpuTime cpu = replay.cpu();
        result.add(key + "PerSec", label + ": first to last commit", rate(replay.steadyRate()), "events/s")
                .add(key + "FromStartPerSec", label + ": from start()", rate(replay.fromStartRate()), "events/s")
                .add(
                        key + "Seconds",
                        label + ": start() to all committed",
                        Result.round1((replay.seen().lastNanos() - replay.startNanos()) / 1e9),
                        "s")
                .add(
                        key + "CommitSpanSeconds",
                        label + ": first to last commit (the steady rate's span)",
                        Result.round1((replay.seen().lastNanos() - replay.seen().firstNanos()) / 1e9),
                        "s")
                .add(
                        key + "StreamThreadMicrosPerEvent",
                        label + ": stream threads' CPU per event",
                        Result.round1(cpu.threadsNanos() / 1e3 / events),
                        "us")
                .add(
                        key + "StreamThreadCores",
                        label + ": stream threads' CPU",
                        Result.round1(cpu.threadCores()),
                        "cores")
                .add(
                        key + "JvmCores",
                        label + ": JVM CPU (broker included)",
                        Result.round1(cpu.processCores()),
                        "cores")
                .add(key + "OtherCores", label + ": CPU of other processes", Result.round1(cpu.otherCores()), "cores")
                .add(key + "GcMs", label + ": GC time", replay.gc().millis(), "ms");
    }

    /**
     * The encoded sizes of a typical value of each of the projection's three Avro stores, as its serdes write them
     * (single-object encoding): an account in the middle of a 100-event history (version 50, a balance of thousands),
     * a month with four events.
     */
    static BareProjection.ValueSizes typicalValueSizes() {
        final AvroCodec codec = AvroCodec.shipped();
        final String account = Commands.accountIds(1)[0];
        final Instant opened = EventHistory.FIRST;
        final Instant at = EventHistory.FIRST.plus(EventHistory.SPAN.dividedBy(2));
        final BigDecimal balance = new BigDecimal("6543.21");
        final int balanceBytes = codec.encode(new AccountView(
                        account, "Benchmark Holder", balance, 50L, AccountStatus.OPEN, opened, at, false))
                .length;
        final int historyBytes = codec.encode(new BalanceHistoryEntry(50L, at, balance)).length;
        final int monthlyBytes = codec.encode(new MonthlySnapshot(
                        "2025-01",
                        new BigDecimal("6321.09"),
                        balance,
                        new BigDecimal("550.00"),
                        new BigDecimal("333.33"),
                        new BigDecimal("5.45"),
                        BigDecimal.ZERO,
                        BigDecimal.ZERO,
                        4L,
                        50L))
                .length;
        return new BareProjection.ValueSizes(balanceBytes, historyBytes, monthlyBytes);
    }

    /** A rate for the table: whole events per second, NaN kept (no span to measure over). */
    private static double rate(final double perSecond) {
        return Double.isNaN(perSecond) ? Double.NaN : Math.round(perSecond) * 1.0;
    }

    private static double percent(final double part, final double whole) {
        final double ratio = part / whole;
        // round1 would turn NaN into 0: a ratio that cannot be measured must not read as 0 %
        return Double.isNaN(ratio) ? Double.NaN : Result.round1(ratio * 100);
    }
}
