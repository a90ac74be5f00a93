package dev.kes.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Properties;
import org.slf4j.LoggerFactory;

/**
 * {@code java -Xmx2g -jar benchmarks.jar <benchmark> [options]}: every benchmark of a run in this one process,
 * against one broker (embedded, or {@code --bootstrap}). See benchmarks/README.md.
 */
public final class BenchmarkMain {
    private static final String LOGBACK_CONFIG = "logback.configurationFile";

    private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private BenchmarkMain() {}

    public static void main(final String[] args) {
        if (System.getProperty(LOGBACK_CONFIG) == null) {
            // before the first logger: the services' own logback.xml is on the classpath too
            System.setProperty(LOGBACK_CONFIG, "dev/kes/bench/bench-logback.xml");
        }
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
            // the JDK HttpClient completes every sendAsync on CompletableFuture's default executor, which on a
            // machine of 2 cores (common pool parallelism 1) starts a new thread per answer (ADR 0017)
            System.setProperty(COMMON_POOL_PARALLELISM, "2");
        }
        final BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            final PrintStream out = e.getMessage().isEmpty() ? System.out : System.err;
            if (!e.getMessage().isEmpty()) {
                out.println(e.getMessage());
            }
            out.println(BenchOptions.USAGE);
            System.exit(e.getMessage().isEmpty() ? 0 : 2);
            return;
        }
        int status = 0;
        try {
            run(options, System.out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("interrupted");
            status = 1;
        } catch (RuntimeException | Error e) {
            // an Error too: a benchmark that hangs with half its threads dead is worse than one that stops
            LoggerFactory.getLogger(BenchmarkMain.class).error("benchmark failed", e);
            System.err.println("benchmark failed: " + e);
            status = 1;
        }
        // the JDK HTTP client and Kafka's helper threads must not keep a finished benchmark alive
        System.exit(status);
    }

    static void run(final BenchOptions options, final PrintStream out) throws InterruptedException {
        final long started = System.nanoTime();
        try (BenchKafka kafka = BenchKafka.start(options.bootstrap(), options.brokers())) {
            kafka.warmUpInternalTopics();
            printSetup(options, kafka, out);
            warmUpJit(kafka, options, out);
            switch (options.benchmark()) {
                case "raw-producer" -> print(RawProducerBench.run(kafka, options), out);
                case "bare-processor" ->
                    perInterval(options, out, interval -> BareProcessorBench.run(kafka, options, interval));
                case "command-ingestion" ->
                    perInterval(options, out, interval -> CommandIngestionBench.run(kafka, options, interval));
                case "http-latency" ->
                    perInterval(
                            options, options.rounds(), out, interval -> HttpLatencyBench.run(kafka, options, interval));
                case BenchOptions.HTTP_CAPACITY ->
                    perInterval(
                            options,
                            out,
                            interval -> HttpCapacityBench.run(
                                    kafka, options, interval, out, step -> out.println(step.jsonLine())));
                case BenchOptions.WRITE_TO_READ ->
                    perInterval(
                            options, options.rounds(), out, interval -> WriteToReadBench.run(kafka, options, interval));
                case CommitSplitBench.NAME -> CommitSplitBench.run(kafka, options, out);
                case "all" -> all(kafka, options, out);
                case "projection-catchup" -> print(ProjectionCatchUpBench.run(kafka, options), out);
                case "sql-catchup" -> print(SqlCatchUpBench.run(kafka, options), out);
                case "bare-projection" -> print(BareProjectionBench.run(kafka, options), out);
                case "query-load" -> QueryLoadBench.run(kafka, options, out).forEach(result -> print(result, out));
                case BenchOptions.STATE_RECOVERY -> print(StateRecoveryBench.run(kafka, options), out);
                case "soak" -> print(SoakBench.run(kafka, options, out), out);
                case "sse-fanout" -> print(SseFanOutBench.run(kafka, options), out);
                case "registry-cost" ->
                    print(RegistryCostBench.run(kafka, options, options.rounds(), result -> print(result, out)), out);
                case "transfers" -> TransferBench.run(kafka, options, out, result -> print(result, out));
                case PersonalDataCostBench.NAME ->
                    print(
                            PersonalDataCostBench.run(kafka, options, options.rounds(), result -> print(result, out)),
                            out);
                default -> throw new IllegalArgumentException("unknown benchmark " + options.benchmark());
            }
        }
        out.printf(Locale.ROOT, "%ndone in %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    /** One run of a benchmark at a commit interval. */
    @FunctionalInterface
    private interface IntervalRun {
        Result run(long commitIntervalMs) throws InterruptedException;
    }

    /** Runs {@code bench} once per --commit-interval-ms value, printing each result. */
    private static void perInterval(final BenchOptions options, final PrintStream out, final IntervalRun bench)
            throws InterruptedException {
        perInterval(options, 1, out, bench);
    }

    /** {@code rounds} runs per commit interval, one after the other in this JVM. */
    private static void perInterval(
            final BenchOptions options, final int rounds, final PrintStream out, final IntervalRun bench)
            throws InterruptedException {
        for (final long interval : options.commitIntervals()) {
            for (int round = 1; round <= rounds; round++) {
                print(bench.run(interval), out);
            }
        }
    }

    /**
     * Per commit interval and round: raw producer, bare processor, command ingestion (and their ratios), HTTP
     * latency, write-to-read. Rounds follow one another, so each round's ratios come from one window of the machine.
     */
    private static void all(final BenchKafka kafka, final BenchOptions options, final PrintStream out)
            throws InterruptedException {
        final Summary summary = new Summary();
        for (final long interval : options.commitIntervals()) {
            for (int round = 1; round <= options.rounds(); round++) {
                out.printf(
                        Locale.ROOT,
                        "%n######## commit.interval.ms = %d, round %d of %d ########%n",
                        interval,
                        round,
                        options.rounds());
                final Result raw = print(RawProducerBench.run(kafka, options), out);
                final Result bare = print(BareProcessorBench.run(kafka, options, interval), out);
                final Result command = print(CommandIngestionBench.run(kafka, options, interval), out);
                final Result http = print(HttpLatencyBench.run(kafka, options, interval), out);
                final Result writeToRead = print(WriteToReadBench.run(kafka, options, interval), out);
                summary.add(interval, round, raw, bare, command, http, writeToRead);
            }
        }
        summary.print(out);
    }

    /**
     * A small untimed pass of the Streams benchmarks before the measured ones, so that every measured run finds the
     * JIT-compiled client, Streams and Avro code it needs, whatever its place in the order (otherwise the first
     * benchmark of a run pays for the compilation of the others' common code). Not for raw-producer (it has its own
     * warm-up) nor http-latency, http-capacity, write-to-read, query-load, soak and sse-fanout (their --warmup
     * seconds).
     */
    private static void warmUpJit(final BenchKafka kafka, final BenchOptions options, final PrintStream out)
            throws InterruptedException {
        final String benchmark = options.benchmark();
        if (benchmark.equals("raw-producer")
                || benchmark.equals("http-latency")
                || benchmark.equals("query-load")
                || benchmark.equals("soak")
                || benchmark.equals("sse-fanout")
                || benchmark.equals(BenchOptions.HTTP_CAPACITY)
                || benchmark.equals(CommitSplitBench.NAME)
                || benchmark.equals(BenchOptions.WRITE_TO_READ)) {
            return;
        }
        final long started = System.nanoTime();
        final String ran = runJitWarmUp(kafka, options);
        out.printf(Locale.ROOT, "  JIT warm-up  %s, not reported (%.0f s)%n", ran, (System.nanoTime() - started) / 1e9);
    }

    /** The untimed pass itself; returns how large it was, for the line that reports it. */
    private static String runJitWarmUp(final BenchKafka kafka, final BenchOptions options) throws InterruptedException {
        final String benchmark = options.benchmark();
        if (benchmark.equals(BenchOptions.STATE_RECOVERY)) {
            // a tenth of the accounts (at least 1 000), histories as long as in the measured run
            final BenchOptions small = options.withAccounts(Math.max(1_000, options.accounts() / 10));
            StateRecoveryBench.run(kafka, small);
            return small.accounts() + " accounts x " + small.eventsPerAccount() + " events";
        }
        final BenchOptions small = options.forJitWarmUp();
        if (benchmark.equals("projection-catchup")
                || benchmark.equals("bare-projection")
                || benchmark.equals("sql-catchup")) {
            // a tenth of the events and of the accounts: histories as long as in the measured run
            final BenchOptions tenth = small.withAccounts(Math.max(1, options.accounts() / 10));
            if (benchmark.equals("projection-catchup")) {
                ProjectionCatchUpBench.run(kafka, tenth);
            } else if (benchmark.equals("sql-catchup")) {
                SqlCatchUpBench.run(kafka, tenth);
            } else {
                BareProjectionBench.run(kafka, tenth);
            }
            return small.records() + " events";
        }
        if (benchmark.equals(PersonalDataCostBench.NAME)) {
            // both variants of the command path once; the HTTP part warms up within its own requests
            final long interval = options.commitIntervals().get(0);
            PersonalDataCostBench.ingest(kafka, small, interval, true);
            PersonalDataCostBench.ingest(kafka, small, interval, false);
            return small.records() + " records per run";
        }
        if (benchmark.equals("registry-cost")) {
            // one round of both framings; the registry's HTTP client and the Confluent framing's code paths too
            RegistryCostBench.run(kafka, small, 1, result -> {});
            return small.records() + " records per run";
        }
        final long interval = options.commitIntervals().get(0);
        if (benchmark.equals("all")) {
            RawProducerBench.run(kafka, small);
        }
        if (benchmark.equals("all") || benchmark.equals("bare-processor")) {
            BareProcessorBench.run(kafka, small, interval);
        }
        if (benchmark.equals("all") || benchmark.equals("command-ingestion") || benchmark.equals("transfers")) {
            CommandIngestionBench.run(kafka, small, interval);
        }
        if (benchmark.equals("transfers")) {
            TransferBench.ingestion(kafka, small, interval);
        }
        return small.records() + " records per benchmark";
    }

    /**
     * Prints a result with the machine's load average: on a 2-core machine anything else running shows in the
     * numbers, and this says whether something did.
     */
    static Result print(final Result result, final PrintStream out) {
        final double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        result.add("loadAverage1m", "system load average (1 min) at the end", Result.round1(load), "")
                .add(
                        "finishedAt",
                        "finished at (UTC)",
                        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                        "");
        result.print(out);
        return result;
    }

    private static void printSetup(final BenchOptions options, final BenchKafka kafka, final PrintStream out) {
        final Runtime runtime = Runtime.getRuntime();
        out.printf(Locale.ROOT, "kes benchmarks: %s%n", options.benchmark());
        out.printf(Locale.ROOT, "  Kafka        %s (clients %s)%n", kafka.describe(), kafkaClientsVersion());
        out.printf(
                Locale.ROOT,
                "  machine      %d processors, %s %s, Java %s (%s), max heap %d MiB%n",
                runtime.availableProcessors(),
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"),
                runtime.maxMemory() / (1024 * 1024));
        if (options.benchmark().equals(BenchOptions.STATE_RECOVERY)) {
            out.printf(
                    Locale.ROOT,
                    "  options      accounts=%d events-per-account=%d partitions=%d commit.interval.ms=%d%n",
                    options.accounts(),
                    options.eventsPerAccount(),
                    options.partitions(),
                    options.commitIntervals().get(0));
            return;
        }
        if (BenchOptions.PROJECTION_BENCHMARKS.contains(options.benchmark())) {
            out.printf(
                    Locale.ROOT,
                    "  options      events=%d accounts=%d partitions=%d duration=%d s warmup=%d s "
                            + "wrk threads=%d connections=%d%n",
                    options.records(),
                    options.accounts(),
                    options.partitions(),
                    options.durationSeconds(),
                    options.warmupSeconds(),
                    options.threads(),
                    options.connections());
            return;
        }
        out.printf(
                Locale.ROOT,
                "  options      records=%d raw-records=%d accounts=%d partitions=%d "
                        + "commit.interval.ms=%s rate=%d/s duration=%d s warmup=%d s%n",
                options.records(),
                options.rawRecords(),
                options.accounts(),
                options.partitions(),
                options.commitIntervals(),
                options.rate(),
                options.durationSeconds(),
                options.warmupSeconds());
        out.printf(
                Locale.ROOT,
                "  record size  value %d B (an encoded DepositMoney), key %d B%n",
                Commands.depositSize(),
                Commands.keySize());
    }

    /** From kafka-clients' own version file (its version API is internal). */
    private static String kafkaClientsVersion() {
        final ClassLoader loader = BenchmarkMain.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream("kafka/kafka-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            final Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
