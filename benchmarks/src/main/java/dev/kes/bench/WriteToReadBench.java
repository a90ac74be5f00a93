package dev.kes.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.command.CommandService;
import dev.kes.command.CommandServiceConfig;
import dev.kes.projection.ProjectionService;
import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.service.kafka.TopicNames;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long after a deposit's 2xx a reader sees it: the command service and a projection service in this JVM,
 * open-loop deposits at {@code --rate} as in {@link HttpLatencyBench}, and for each 2xx one {@code GET
 * /accounts/{id}?position=<its position>} to the projection, which answers once its read models have applied that
 * version (it checks every 20 ms, for up to {@code position.wait.ms}). Write-to-read is the time from the deposit's
 * answer to the read's 200 showing a version at least the deposit's; the deposit's own latency is reported beside it.
 */
final class WriteToReadBench {
    static final double AIM_P99_MS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The projection's default bound of a {@code ?position=} wait (projection-service config). */
    private static final long POSITION_WAIT_MS = 5_000;

    private WriteToReadBench() {}

    /** The reads of the measured window: latencies, answers by status, and what went wrong otherwise. */
    private static final class Reads {
        private final LatencyRecorder latencies = new LatencyRecorder();
        private final Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        /** Reads without an answer, by the client's exception (a timeout, a refused connection). */
        private final Map<String, Long> failed = new ConcurrentHashMap<>();

        private final AtomicLong stale = new AtomicLong();
        private final AtomicLong unreadable = new AtomicLong();
        private final Queue<CompletableFuture<?>> pending = new ConcurrentLinkedQueue<>();
    }

    static Result run(final BenchKafka kafka, final BenchOptions options, final long commitIntervalMs)
            throws InterruptedException {
        final String name = kafka.uniqueName("w2r-ci" + commitIntervalMs);
        final CommandServiceConfig commandConfig = ServiceConfigs.command(kafka, name, options, commitIntervalMs);
        final String events = TopicNames.prefixed(name).events();
        final String projectionGroup = name + "-projection";
        final ProjectionServiceConfig projectionConfig =
                ServiceConfigs.projection(kafka, projectionGroup, "a", events, options, 0);
        final HttpClient client = ServiceHttp.client();
        final int measured = options.warmupSeconds() > 0 ? 1 : 0;
        final Reads reads = new Reads();
        final OpenLoopLoad.Outcome deposits;
        try (CommandService commands = CommandService.start(commandConfig);
                ProjectionService projection = ProjectionService.start(projectionConfig)) {
            final String commandBase = "http://127.0.0.1:" + commands.httpPort();
            final String queryBase = "http://127.0.0.1:" + projection.httpPort();
            final String[] accounts = SoakBench.openedAndProjected(
                    kafka, client, commandBase, queryBase, projection, projectionGroup, events, options.accounts());
            // reads during the warm-up too, so that the measured window starts under the same load
            deposits = OpenLoopLoad.run(
                    new HttpClient[] {client},
                    0,
                    due -> HttpLatencyBench.deposit(commandBase, Commands.random(accounts)),
                    (window, due, answered, response) ->
                            read(client, queryBase, response, answered, window == measured ? reads : null),
                    options.rate(),
                    options.warmupSeconds(),
                    options.durationSeconds());
            awaitReads(reads);
            SoakBench.failIfStopped(projection);
        }
        return result(options, commitIntervalMs, kafka.brokers(), deposits, reads);
    }

    /** For a 2xx deposit: the read of its position, timed from the deposit's answer (recorded when {@code into}). */
    private static void read(
            final HttpClient client,
            final String queryBase,
            final HttpResponse<String> deposit,
            final long depositAnswered,
            final Reads into) {
        if (deposit.statusCode() / 100 != 2) {
            return;
        }
        final String accountId;
        final long version;
        final String position;
        try {
            final JsonNode body = JSON.readTree(deposit.body());
            accountId = body.path("accountId").asText();
            version = body.path("version").asLong();
            position = body.path("position").asText();
        } catch (IOException e) {
            if (into != null) {
                into.unreadable.incrementAndGet();
            }
            return;
        }
        final HttpRequest get = HttpRequest.newBuilder(URI.create(queryBase + "/accounts/" + accountId + "?position="
                        + URLEncoder.encode(position, StandardCharsets.UTF_8)))
                .timeout(Duration.ofMillis(POSITION_WAIT_MS + 10_000))
                .GET()
                .build();
        final CompletableFuture<?> answer = client.sendAsync(get, HttpResponse.BodyHandlers.ofString())
                .whenComplete((response, error) -> {
                    final long done = System.nanoTime();
                    if (into == null) {
                        return;
                    }
                    if (error != null) {
                        final Throwable cause = error.getCause() != null ? error.getCause() : error;
                        into.failed.merge(cause.getClass().getSimpleName(), 1L, Long::sum);
                        return;
                    }
                    into.statuses.merge(response.statusCode(), 1L, Long::sum);
                    if (response.statusCode() != 200) {
                        return;
                    }
                    if (shownVersion(response.body()) < version) {
                        // ?position= promised this version: a lower one is a broken read-your-writes
                        into.stale.incrementAndGet();
                        return;
                    }
                    into.latencies.record(done - depositAnswered);
                });
        if (into != null) {
            into.pending.add(answer);
        }
    }

    private static long shownVersion(final String body) {
        try {
            return JSON.readTree(body).path("version").asLong(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void awaitReads(final Reads reads) throws InterruptedException {
        try {
            CompletableFuture.allOf(reads.pending.toArray(CompletableFuture[]::new))
                    .get(POSITION_WAIT_MS + 30_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // counted as failed reads by the reads themselves
        } catch (TimeoutException e) {
            throw new IllegalStateException("the reads did not end: " + e, e);
        }
    }

    private static Result result(
            final BenchOptions options,
            final long commitIntervalMs,
            final int brokers,
            final OpenLoopLoad.Outcome deposits,
            final Reads reads) {
        final LatencyRecorder.Snapshot deposit = deposits.latencies();
        final LatencyRecorder.Snapshot w2r = reads.latencies.snapshot();
        final Map<Integer, Long> statuses = new TreeMap<>(reads.statuses);
        final long readErrors = statuses.entrySet().stream()
                        .filter(e -> e.getKey() != 200)
                        .mapToLong(Map.Entry::getValue)
                        .sum()
                + reads.failed.values().stream().mapToLong(Long::longValue).sum()
                + reads.stale.get()
                + reads.unreadable.get();
        return new Result("write-to-read")
                .add("brokers", "brokers (embedded; 0 = external)", brokers, "")
                .add("partitions", "partitions", options.partitions(), "")
                .add("commitIntervalMs", "commit.interval.ms (command service)", commitIntervalMs, "")
                .offeredLoad("deposits offered (open loop)", options, "requests/s")
                .add("accounts", "accounts", options.accounts(), "")
                .add(
                        "depositsAchievedPerSec",
                        "deposits achieved (2xx/s)",
                        Result.round1(deposits.achieved()),
                        "requests/s")
                .latencies("deposit", "deposit latency", deposit, 50, 90, 99)
                .add("depositErrors", "deposits non-2xx + failed", deposits.non2xx() + deposits.failed(), "")
                .add(
                        "depositStatuses",
                        "deposits by status",
                        deposits.statuses().toString(),
                        "")
                .add("reads", "reads that showed the deposit", w2r.count(), "")
                .latencies("w2r", "write-to-read", w2r, 50, 90, 99, 99.9)
                .add("readStatuses", "reads by status", statuses.toString(), "")
                .add("readFailures", "reads without an answer, by error", new TreeMap<>(reads.failed).toString(), "")
                .add("readErrors", "reads not 200, failed, stale or unreadable", readErrors, "")
                .add("staleReads", "200 with a lower version than the deposit's", reads.stale.get(), "")
                .add("aimW2rP99Ms", "aim: write-to-read p99 <=", AIM_P99_MS, "ms")
                .add(
                        "meetsAim",
                        "write-to-read p99 within aim, no errors",
                        w2r.percentileMs(99) <= AIM_P99_MS && readErrors == 0 && w2r.count() > 0,
                        "");
    }
}
