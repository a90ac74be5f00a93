package dev.kes.bench;

import dev.kes.command.CommandService;
import dev.kes.command.CommandServiceConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;

/**
 * HTTP command latency at a fixed offered rate: the whole command service ({@link CommandService#start}, HTTP on a
 * free port), M accounts opened over HTTP, then {@link OpenLoopLoad} of {@code POST /accounts/{id}/deposits} to
 * random accounts (no If-Match, no Idempotency-Key) for warm-up + duration seconds, sent by http-capacity's
 * generator ({@link ServiceHttp#loadClients}, at most {@link BenchOptions#CAPACITY_CONNECTIONS} on the wire).
 */
final class HttpLatencyBench {
    private static final int OPEN_CONCURRENCY = 32;
    private static final String DEPOSIT = "{\"amount\":\"1.00\",\"description\":\"benchmark\"}";

    private HttpLatencyBench() {}

    static Result run(final BenchKafka kafka, final BenchOptions options, final long commitIntervalMs)
            throws InterruptedException {
        final String name = kafka.uniqueName("http-ci" + commitIntervalMs);
        final CommandServiceConfig config = ServiceConfigs.command(kafka, name, options, commitIntervalMs);
        final HttpClient[] clients = ServiceHttp.loadClients(HttpCapacityBench.CLIENTS);
        final HttpClient client = clients[0];
        final OpenLoopLoad.Outcome outcome;
        final GcTime gcBefore;
        final GcTime gcDuring;
        try (CommandService service = CommandService.start(config)) {
            final String base = "http://127.0.0.1:" + service.httpPort();
            ServiceHttp.awaitReady(client, base, "the command service");
            final String[] accounts = Commands.accountIds(options.accounts());
            openAccounts(client, base, accounts);
            gcBefore = GcTime.total();
            // the same generator as http-capacity's: a single client with a hand-off per answer added its own
            // tens of milliseconds at 500/s here (ADR 0017)
            outcome = OpenLoopLoad.run(
                    clients,
                    BenchOptions.CAPACITY_CONNECTIONS,
                    due -> deposit(base, Commands.random(accounts)),
                    null,
                    options.rate(),
                    options.warmupSeconds(),
                    options.durationSeconds());
            gcDuring = GcTime.total().minus(gcBefore);
        }
        final LatencyRecorder.Snapshot latency = outcome.latencies();
        return new Result("http-latency")
                .add("brokers", "brokers (embedded; 0 = external)", kafka.brokers(), "")
                .offeredLoad("offered rate (open loop)", options, "requests/s")
                .add("accounts", "accounts", options.accounts(), "")
                .add("partitions", "partitions", options.partitions(), "")
                .add("commitIntervalMs", "commit.interval.ms", commitIntervalMs, "")
                .add("requests", "requests due in the window", outcome.scheduled(), "")
                .add("achievedPerSec", "achieved (2xx/s)", Result.round1(outcome.achieved()), "requests/s")
                .latencies("", "latency", latency, 50, 90, 99, 99.9)
                .openLoop(outcome)
                .add("gcMs", "GC time in this JVM during warm-up + load", gcDuring.millis(), "ms")
                .add("gcCount", "GC collections during warm-up + load", gcDuring.collections(), "")
                .add("aimP99Ms", "aim: p99 <= commit.interval.ms + 50", commitIntervalMs + 50, "ms");
    }

    static HttpRequest deposit(final String base, final String accountId) {
        return HttpRequest.newBuilder(URI.create(base + "/accounts/" + accountId + "/deposits"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(DEPOSIT))
                .build();
    }

    /** Opens every account over HTTP, a few at a time; each must answer 201. */
    static void openAccounts(final HttpClient client, final String base, final String[] accounts)
            throws InterruptedException {
        final Semaphore permits = new Semaphore(OPEN_CONCURRENCY);
        final List<CompletableFuture<String>> answers = new ArrayList<>();
        for (final String account : accounts) {
            permits.acquire();
            final HttpRequest open = HttpRequest.newBuilder(URI.create(base + "/accounts"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(String.format(
                            Locale.ROOT,
                            "{\"accountId\":\"%s\",\"holder\":\"Benchmark Holder\",\"initialDeposit\":\"100.00\"}",
                            account)))
                    .build();
            answers.add(
                    client.sendAsync(open, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
                        permits.release();
                        if (error != null) {
                            return account + ": " + error;
                        }
                        return response.statusCode() == 201
                                ? null
                                : account + ": " + response.statusCode() + " " + response.body();
                    }));
        }
        final List<String> problems = answers.stream()
                .map(CompletableFuture::join)
                .filter(problem -> problem != null)
                .collect(Collectors.toList());
        if (!problems.isEmpty()) {
            throw new IllegalStateException(problems.size() + " accounts could not be opened, e.g. " + problems.get(0));
        }
    }
}
