package dev.kes.bench;

import dev.kes.command.CommandService;
import dev.kes.command.CommandServiceConfig;
import dev.kes.projection.ProjectionService;
import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.service.kafka.TopicNames;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Minutes of load on the whole local pipeline: the command service and a projection service on one broker (in
 * this JVM, or {@code --bootstrap}), open-loop deposits at {@code --rate} with queries at a quarter of it, for
 * {@code --duration} seconds after {@code --warmup}. Every {@value #WINDOW_SECONDS} s a row: deposit latency, query
 * p99, errors, old generation after GC, projection lag. At the end, first third against last third: did the heap or
 * the latency grow?
 */
final class SoakBench {
    static final int WINDOW_SECONDS = 30;
    private static final int QUERY_SHARE = 4;
    private static final double MIB = 1024.0 * 1024.0;

    private SoakBench() {}

    /** Both loads' outcomes of one window, and the old generation's floor over it. */
    private static final class Pending {
        private final Map<Integer, OpenLoopLoad.Outcome> deposits = new ConcurrentHashMap<>();
        private final Map<Integer, OpenLoopLoad.Outcome> queries = new ConcurrentHashMap<>();
        private final LinkedBlockingQueue<Integer> arrivals = new LinkedBlockingQueue<>();
    }

    static Result run(final BenchKafka kafka, final BenchOptions options, final PrintStream out)
            throws InterruptedException {
        final String name = kafka.uniqueName("soak");
        final long commitIntervalMs = options.commitIntervals().get(0);
        final CommandServiceConfig commandConfig = ServiceConfigs.command(kafka, name, options, commitIntervalMs);
        final String events = TopicNames.prefixed(name).events();
        final String projectionGroup = name + "-projection";
        final ProjectionServiceConfig projectionConfig =
                ServiceConfigs.projection(kafka, projectionGroup, "a", events, options, 0);
        final int windows = Math.max(3, options.durationSeconds() / WINDOW_SECONDS);
        final int queryRate = Math.max(1, options.rate() / QUERY_SHARE);
        final HttpClient client = ServiceHttp.client();
        final OldGenHeap heap = OldGenHeap.find();
        final List<SoakWindow> rows = new ArrayList<>();
        try (CommandService commands = CommandService.start(commandConfig);
                ProjectionService projection = ProjectionService.start(projectionConfig)) {
            final String commandBase = "http://127.0.0.1:" + commands.httpPort();
            final String queryBase = "http://127.0.0.1:" + projection.httpPort();
            final String[] accounts = openedAndProjected(
                    kafka, client, commandBase, queryBase, projection, projectionGroup, events, options.accounts());
            final Supplier<HttpRequest> deposit =
                    () -> HttpLatencyBench.deposit(commandBase, Commands.random(accounts));
            final Supplier<HttpRequest> query = () -> query(queryBase, Commands.random(accounts));
            final Traffic traffic = new Traffic(client, deposit, options.rate(), query, queryRate);
            out.printf(
                    Locale.ROOT,
                    "  soak         %d accounts; %d deposits/s and %d queries/s offered, %d windows "
                            + "of %d s after %d s warm-up; old generation pool '%s'%n",
                    accounts.length,
                    options.rate(),
                    queryRate,
                    windows,
                    WINDOW_SECONDS,
                    options.warmupSeconds(),
                    heap.poolName());
            if (options.warmupSeconds() > 0) {
                final Pending ignored = new Pending();
                traffic.run(Duration.ofSeconds(options.warmupSeconds()), 1, ignored);
            }
            out.println(SoakTable.HEADER);
            final Pending pending = new Pending();
            final AtomicLong floor = new AtomicLong(Long.MAX_VALUE);
            final ScheduledExecutorService sampler =
                    Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "soak-heap-sampler"));
            sampler.scheduleAtFixedRate(
                    () -> {
                        final long old = heap.afterLastGcBytes();
                        if (old >= 0) {
                            floor.accumulateAndGet(old, Math::min);
                        }
                    },
                    0,
                    1,
                    TimeUnit.SECONDS);
            final ExecutorService loads = Executors.newSingleThreadExecutor(runnable -> daemon(runnable, "soak-load"));
            try {
                final long start = System.nanoTime();
                final Future<?> load = loads.submit(() -> {
                    traffic.run(Duration.ofSeconds(WINDOW_SECONDS), windows, pending);
                    return null;
                });
                GcTime gcBefore = GcTime.total();
                for (int index = 0; index < windows; index++) {
                    awaitBoth(pending, index, load);
                    final GcTime gcNow = GcTime.total();
                    final long lag = lag(kafka, projectionGroup, events);
                    final SoakWindow row = SoakTable.row(
                            index,
                            (System.nanoTime() - start) / 1e9,
                            pending.deposits.get(index),
                            pending.queries.get(index),
                            floor.getAndSet(Long.MAX_VALUE) / MIB,
                            heap.collectionUsageBytes() / MIB,
                            lag,
                            gcNow.minus(gcBefore).millis());
                    gcBefore = gcNow;
                    rows.add(row);
                    out.println(SoakTable.format(row));
                    failIfStopped(projection);
                }
                load.get(WINDOW_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("the soak's load failed: " + e.getMessage(), e);
            } finally {
                loads.shutdownNow();
                sampler.shutdownNow();
            }
        }
        return SoakTable.result(rows, options, queryRate, commitIntervalMs);
    }

    /** The soak's two loads: deposits and queries, each its own open loop at its own rate. */
    private record Traffic(
            HttpClient client,
            Supplier<HttpRequest> deposits,
            int depositRate,
            Supplier<HttpRequest> queries,
            int queryRate) {

        /** Both loads in the same {@code count} windows; outcomes go to {@code pending}. */
        void run(final Duration window, final int count, final Pending pending) throws InterruptedException {
            final ExecutorService queryLoad = Executors.newSingleThreadExecutor(r -> daemon(r, "soak-queries"));
            try {
                final Future<?> queryRun = queryLoad.submit(() -> {
                    OpenLoopLoad.windows(client, queries, queryRate, window, count, (index, outcome) -> {
                        pending.queries.put(index, outcome);
                        pending.arrivals.add(index);
                    });
                    return null;
                });
                OpenLoopLoad.windows(client, deposits, depositRate, window, count, (index, outcome) -> {
                    pending.deposits.put(index, outcome);
                    pending.arrivals.add(index);
                });
                queryRun.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("the query load failed: " + e.getCause(), e.getCause());
            } finally {
                queryLoad.shutdownNow();
            }
        }
    }

    private static void awaitBoth(final Pending pending, final int index, final Future<?> load)
            throws InterruptedException {
        final long deadline =
                System.nanoTime() + Duration.ofSeconds(WINDOW_SECONDS * 3L).toNanos();
        while (!(pending.deposits.containsKey(index) && pending.queries.containsKey(index))) {
            if (load.isDone() || System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "window " + index + " was not reported (load done: " + load.isDone() + ")");
            }
            pending.arrivals.poll(1, TimeUnit.SECONDS);
        }
    }

    private static long lag(final BenchKafka kafka, final String group, final String topic)
            throws InterruptedException {
        final Map<TopicPartition, Long> end = CatchUpWatcher.endOffsets(kafka.admin(), topic);
        final Map<TopicPartition, Long> committed = CatchUpWatcher.committed(kafka.admin(), group);
        return end.entrySet().stream()
                .mapToLong(e -> Math.max(0, e.getValue() - committed.getOrDefault(e.getKey(), 0L)))
                .sum();
    }

    /**
     * Waits until both services are ready, opens {@code count} accounts over HTTP and waits until the projection has
     * them all, so that queries find every account; returns their ids.
     */
    static String[] openedAndProjected(
            final BenchKafka kafka,
            final HttpClient client,
            final String commandBase,
            final String queryBase,
            final ProjectionService projection,
            final String projectionGroup,
            final String events,
            final int count)
            throws InterruptedException {
        ServiceHttp.awaitReady(client, commandBase, "the command service");
        ServiceHttp.awaitReady(client, queryBase, "the projection service");
        final String[] accounts = Commands.accountIds(count);
        HttpLatencyBench.openAccounts(client, commandBase, accounts);
        CatchUpWatcher.await(
                kafka.admin(),
                projectionGroup,
                CatchUpWatcher.endOffsets(kafka.admin(), events),
                () -> failIfStopped(projection));
        return accounts;
    }

    static void failIfStopped(final ProjectionService projection) {
        if (projection.state() == KafkaStreams.State.ERROR || projection.state() == KafkaStreams.State.NOT_RUNNING) {
            throw new IllegalStateException("the projection stopped: " + projection.state());
        }
    }

    private static HttpRequest query(final String base, final String accountId) {
        return HttpRequest.newBuilder(URI.create(base + "/accounts/" + accountId))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
    }

    private static Thread daemon(final Runnable runnable, final String name) {
        final Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
