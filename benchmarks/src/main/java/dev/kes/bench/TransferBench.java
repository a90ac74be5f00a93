package dev.kes.bench;

import dev.kes.command.CommandMetrics;
import dev.kes.command.CommandService;
import dev.kes.command.CommandServiceConfig;
import dev.kes.command.topology.CommandStreams;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.kafka.TopicNames;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * Transfers end to end: the command service and the transfer process manager, in this JVM, against one broker.
 *
 * <ul>
 *   <li>{@link #ingestion}: N pre-loaded {@code TransferMoney} commands (random source and target, 1.00 each,
 *       accounts opened untimed with enough money that none is refused); the command app and the process manager
 *       run until N {@code TransferCredited} are committed. Beside it, in the same round, command-ingestion's
 *       deposits over as many records.</li>
 *   <li>{@link #http}: the command service over HTTP and the process manager; open-loop {@code POST /transfers}
 *       at the offered rate, each timed from when it was due to when its {@code TransferCredited} was seen on
 *       account-events. Beside it, in the same round, http-latency's deposits at the same rate.</li>
 * </ul>
 */
final class TransferBench {
    /** Every account can pay every transfer of a run: a refusal would leave a transfer without a credit. */
    private static final BigDecimal RICH = new BigDecimal("1000000.00");

    private static final long STALL_NANOS = Duration.ofSeconds(60).toNanos();
    private static final int DRAIN_SECONDS = 30;

    private TransferBench() {}

    /** Per round: deposits and transfers through Kafka ingestion, then deposits and transfers over HTTP. */
    static void run(
            final BenchKafka kafka,
            final BenchOptions options,
            final PrintStream out,
            final UnaryOperator<Result> print)
            throws InterruptedException {
        final long interval = options.commitIntervals().get(0);
        final List<Double> throughputRatios = new ArrayList<>();
        final List<Double> latencyRatios = new ArrayList<>();
        final List<Boolean> allEnded = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            out.printf(
                    Locale.ROOT,
                    "%n######## transfers, commit.interval.ms = %d, round %d of %d ########%n",
                    interval,
                    round,
                    options.rounds());
            final Result deposits = print.apply(CommandIngestionBench.run(kafka, options, interval));
            final Result transfers = print.apply(ingestion(kafka, options, interval));
            throughputRatios.add(transfers.number("fromStartPerSec") / deposits.number("fromStartPerSec"));
            final Result httpDeposits = print.apply(HttpLatencyBench.run(kafka, options, interval));
            final Result httpTransfers = print.apply(http(kafka, options, interval));
            latencyRatios.add(httpTransfers.number("completedP99Ms") / httpDeposits.number("p99Ms"));
            // a round whose transfers did not all end cannot meet the aim, whatever its percentiles
            allEnded.add(httpTransfers.number("notEnded") == 0);
        }
        print.apply(summary(throughputRatios, latencyRatios, allEnded));
    }

    private static Result summary(
            final List<Double> throughputRatios, final List<Double> latencyRatios, final List<Boolean> allEnded) {
        int latencyMet = 0;
        for (int i = 0; i < latencyRatios.size(); i++) {
            if (allEnded.get(i) && latencyRatios.get(i) <= 3.0) {
                latencyMet++;
            }
        }
        return new Result("transfers-summary")
                .add("rounds", "rounds", throughputRatios.size(), "")
                .add(
                        "throughputRatios",
                        "transfers/s ÷ deposits/s (from start()), per round",
                        percents(throughputRatios),
                        "")
                .add("medianThroughputRatio", "median of those", Result.round1(100 * median(throughputRatios)), "%")
                .add(
                        "roundsMeetingThroughputAim",
                        "rounds meeting the aim (>= 35 %)",
                        throughputRatios.stream().filter(r -> r >= 0.35).count(),
                        "")
                .add("latencyRatios", "transfer-to-COMPLETED p99 ÷ deposit p99, per round", times(latencyRatios), "")
                .add("medianLatencyRatio", "median of those", Result.round1(median(latencyRatios)), "x")
                .add(
                        "roundsAllEnded",
                        "rounds whose measured transfers all ended",
                        allEnded.stream().filter(b -> b).count(),
                        "")
                .add("roundsMeetingLatencyAim", "rounds meeting the aim (<= 3 x, all ended)", latencyMet, "");
    }

    /** N pre-loaded transfers through the command topology and the process manager until N are credited. */
    static Result ingestion(final BenchKafka kafka, final BenchOptions options, final long commitIntervalMs)
            throws InterruptedException {
        final String name = kafka.uniqueName("transfer-ci" + commitIntervalMs);
        final CommandServiceConfig config = ServiceConfigs.command(kafka, name, options, commitIntervalMs);
        final TopicNames topics = CommandIngestionBench.createTopics(kafka, config);
        final String[] accounts = Commands.accountIds(options.accounts());

        final long openStart = System.nanoTime();
        CommandIngestionBench.open(
                kafka, config, accounts, account -> Commands.open(account, RICH), AvroCodec.shipped());
        final double openSeconds = (System.nanoTime() - openStart) / 1e9;

        final int records = options.records();
        final String[] from = new String[records];
        final String[] to = new String[records];
        for (int i = 0; i < records; i++) {
            from[i] = Commands.random(accounts);
            to[i] = Commands.otherThan(accounts, from[i]);
        }
        final Loader.Sent loaded = Loader.send(
                kafka.producerSettings(),
                topics.commands(),
                records,
                i -> from[i],
                i -> Commands.transfer(UUID.randomUUID().toString(), from[i], to[i]));

        final AtomicReference<Throwable> failure = new AtomicReference<>();
        try (ProcessManagerRun manager =
                        ProcessManagerRun.start(kafka, name + "-pm", topics, options, commitIntervalMs);
                TransferWatcher watcher = new TransferWatcher(kafka.bootstrap(), topics.events(), (id, ok, at) -> {})) {
            final KafkaStreams streams = commandApp(config);
            streams.setUncaughtExceptionHandler(e -> {
                failure.compareAndSet(null, e);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            final CpuTime cpuBefore = CpuTime.now(CpuTime.streamThreadsOf(name));
            final long start = System.nanoTime();
            streams.start();
            try {
                awaitEnded(watcher, records, () -> {
                    if (failure.get() != null) {
                        throw new IllegalStateException("the command app failed: " + failure.get(), failure.get());
                    }
                    manager.check();
                });
            } finally {
                StreamsRun.close(streams);
            }
            final CpuTime cpu = CpuTime.now(CpuTime.streamThreadsOf(name)).minus(cpuBefore);
            final double fromStart = (watcher.lastEndNanos() - start) / 1e9;
            final double firstCreditMs = (watcher.firstCreditNanos() - start) / 1e6;
            return new Result("transfer-ingestion")
                    .add("records", "TransferMoney commands (pre-loaded)", loaded.records(), "")
                    .add(
                            "valueBytes",
                            "command size",
                            Commands.transfer(UUID.randomUUID().toString(), accounts[0], accounts[1]).length,
                            "B")
                    .add("accounts", "accounts (opened first, untimed)", accounts.length, "")
                    .add("openSeconds", "opening them took", Result.round1(openSeconds), "s")
                    .add("partitions", "partitions", options.partitions(), "")
                    .add("commitIntervalMs", "commit.interval.ms (both apps)", commitIntervalMs, "")
                    .add(
                            "fromStartPerSec",
                            "transfers COMPLETED/s from the command app's start()",
                            Math.round(records / fromStart) * 1.0,
                            "transfers/s")
                    .add("fromStartSeconds", "start() to the last TransferCredited", Result.round1(fromStart), "s")
                    .add("firstCreditMs", "first TransferCredited after start()", Result.round1(firstCreditMs), "ms")
                    .add("credited", "TransferCredited seen", watcher.credited(), "")
                    .add("refunded", "TransferRefunded seen (expected 0)", watcher.refunded(), "")
                    .add(
                            "commandsPerSec",
                            "commands processed/s (debit + credit per transfer)",
                            Math.round(2.0 * records / fromStart) * 1.0,
                            "commands/s")
                    .add(
                            "jvmMicrosPerTransfer",
                            "JVM CPU per transfer, broker included",
                            Result.round1(cpu.processNanos() / 1e3 / records),
                            "us")
                    .add("jvmCores", "JVM CPU, broker included", Result.round1(cpu.processCores()), "cores");
        }
    }

    /** Open-loop HTTP transfers, each timed from when it was due to its TransferCredited on account-events. */
    static Result http(final BenchKafka kafka, final BenchOptions options, final long commitIntervalMs)
            throws InterruptedException {
        final String name = kafka.uniqueName("http-transfer-ci" + commitIntervalMs);
        final CommandServiceConfig config = ServiceConfigs.command(kafka, name, options, commitIntervalMs);
        final HttpClient client = ServiceHttp.client();
        final Map<String, Long> due = new ConcurrentHashMap<>();
        final Map<String, Long> ended = new ConcurrentHashMap<>();
        final Map<String, Boolean> refunds = new ConcurrentHashMap<>();
        final OpenLoopLoad.Outcome outcome;
        final AtomicLong firstDue = new AtomicLong(Long.MAX_VALUE);
        try (CommandService service = CommandService.start(config);
                ProcessManagerRun manager =
                        ProcessManagerRun.start(kafka, name + "-pm", config.topics(), options, commitIntervalMs);
                TransferWatcher watcher =
                        new TransferWatcher(kafka.bootstrap(), config.topics().events(), (id, credited, at) -> {
                            if (!credited) {
                                refunds.put(id, true);
                            }
                            ended.putIfAbsent(id, at);
                        })) {
            final String base = "http://127.0.0.1:" + service.httpPort();
            ServiceHttp.awaitReady(client, base, "the command service");
            final String[] accounts = Commands.accountIds(options.accounts());
            HttpLatencyBench.openAccounts(client, base, accounts);
            outcome = OpenLoopLoad.run(
                    client,
                    dueNanos -> {
                        final String transferId = UUID.randomUUID().toString();
                        firstDue.accumulateAndGet(dueNanos, Math::min);
                        due.put(transferId, dueNanos);
                        final String source = Commands.random(accounts);
                        return transfer(base, transferId, source, Commands.otherThan(accounts, source));
                    },
                    options.rate(),
                    options.warmupSeconds(),
                    options.durationSeconds());
            if (outcome.ok() == 0) {
                throw new IllegalStateException("no transfer was accepted: " + outcome.statuses());
            }
            // the last transfers' credits follow their 202 by a commit of the process manager and one of the
            // command app: wait for every accepted one
            final long accepted = outcome.ok();
            final long deadline =
                    System.nanoTime() + Duration.ofSeconds(DRAIN_SECONDS).toNanos();
            while (measuredEnded(due, ended, firstDue.get(), options) < accepted && System.nanoTime() < deadline) {
                watcher.check();
                manager.check();
                Thread.sleep(50);
            }
        }
        final long measureFrom =
                firstDue.get() + Duration.ofSeconds(options.warmupSeconds()).toNanos();
        final long measureTo =
                measureFrom + Duration.ofSeconds(options.durationSeconds()).toNanos();
        final LatencyRecorder completed = new LatencyRecorder();
        long refunded = 0;
        long measured = 0;
        for (final Map.Entry<String, Long> request : due.entrySet()) {
            final long at = request.getValue();
            if (at < measureFrom || at >= measureTo) {
                continue;
            }
            measured++;
            final Long end = ended.get(request.getKey());
            if (end == null) {
                continue;
            }
            if (refunds.containsKey(request.getKey())) {
                refunded++;
            }
            completed.record(end - at);
        }
        final LatencyRecorder.Snapshot done = completed.snapshot();
        final LatencyRecorder.Snapshot answered = outcome.latencies();
        return new Result("http-transfers")
                .offeredLoad("offered rate (open loop)", options, "transfers/s")
                .add("accounts", "accounts", options.accounts(), "")
                .add("partitions", "partitions", options.partitions(), "")
                .add("commitIntervalMs", "commit.interval.ms (both apps)", commitIntervalMs, "")
                .add("requests", "requests due in the window", measured, "")
                .add("statuses", "responses by status", outcome.statuses().toString(), "")
                .add("failed", "no response (errors, unfinished)", outcome.failed(), "")
                .add("answerP50Ms", "202 PENDING latency p50", Result.round1(answered.percentileMs(50)), "ms")
                .add("answerP99Ms", "202 PENDING latency p99", Result.round1(answered.percentileMs(99)), "ms")
                .add("completed", "transfers seen COMPLETED or REFUNDED", done.count(), "")
                .add("refunded", "of which REFUNDED (expected 0)", refunded, "")
                .add(
                        "notEnded",
                        "due in the window, not seen to end within " + DRAIN_SECONDS + " s",
                        measured - done.count(),
                        "")
                .add("completedP50Ms", "due to COMPLETED p50", Result.round1(done.percentileMs(50)), "ms")
                .add("completedP90Ms", "due to COMPLETED p90", Result.round1(done.percentileMs(90)), "ms")
                .add("completedP99Ms", "due to COMPLETED p99", Result.round1(done.percentileMs(99)), "ms")
                .add("completedMaxMs", "due to COMPLETED max", Result.round1(done.maxMs()), "ms")
                .add("maxSendLagMs", "sender late by at most", Result.round1(outcome.maxSendLagMs()), "ms");
    }

    private static long measuredEnded(
            final Map<String, Long> due,
            final Map<String, Long> ended,
            final long firstDue,
            final BenchOptions options) {
        final long measureFrom =
                firstDue + Duration.ofSeconds(options.warmupSeconds()).toNanos();
        return ended.keySet().stream()
                .filter(id -> {
                    final Long at = due.get(id);
                    return at != null && at >= measureFrom;
                })
                .count();
    }

    static HttpRequest transfer(final String base, final String transferId, final String from, final String to) {
        return HttpRequest.newBuilder(URI.create(base + "/transfers"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(String.format(
                        Locale.ROOT,
                        "{\"transferId\":\"%s\",\"fromAccountId\":\"%s\",\"toAccountId\":\"%s\","
                                + "\"amount\":\"1.00\",\"description\":\"benchmark\"}",
                        transferId,
                        from,
                        to)))
                .build();
    }

    private static KafkaStreams commandApp(final CommandServiceConfig config) {
        return CommandStreams.create(config, CommandMetrics.unexposed(), AvroCodec.shipped());
    }

    /** Until {@code expected} transfers ended; fails after a minute without one. */
    private static void awaitEnded(final TransferWatcher watcher, final long expected, final Runnable check)
            throws InterruptedException {
        long seen = -1;
        long progress = System.nanoTime();
        while (watcher.credited() + watcher.refunded() < expected) {
            watcher.check();
            check.run();
            final long now = System.nanoTime();
            final long ended = watcher.credited() + watcher.refunded();
            if (ended != seen) {
                seen = ended;
                progress = now;
            } else if (now - progress > STALL_NANOS) {
                throw new IllegalStateException("no transfer ended for 60 s; " + ended + " of " + expected);
            }
            Thread.sleep(20);
        }
    }

    private static double median(final List<Double> values) {
        final List<Double> sorted = values.stream().sorted().toList();
        final int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String percents(final List<Double> ratios) {
        return ratios.stream()
                .map(r -> String.format(Locale.ROOT, "%.0f %%", 100 * r))
                .toList()
                .toString();
    }

    private static String times(final List<Double> ratios) {
        return ratios.stream()
                .map(r -> String.format(Locale.ROOT, "%.1f x", r))
                .toList()
                .toString();
    }
}
