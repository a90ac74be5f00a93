package dev.kes.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Open-loop HTTP load: request i is due at {@code start + i / rate}, whatever happened to the earlier ones, and is
 * sent asynchronously (as many connections as it takes). Its latency is measured from when it was <em>due</em>,
 * not from when it was sent, so a stalled server or a late sender shows in the percentiles instead of quietly
 * lowering the offered load (no coordinated omission).
 *
 * <p>The load runs as consecutive windows at one rate; a request belongs to the window it was due in, and a window's
 * {@link Outcome} is known once its last answer arrived (stragglers waited for at most {@value #DRAIN_SECONDS} s)
 * while the next windows' load goes on.
 *
 * <p>Requests go to several {@link HttpClient}s in turn when given more than one: each JDK client has one selector
 * thread, which bounds what one client carries. With a connection bound, at most that many requests are on the wire
 * at once and the others wait here, in due order (still timed from when they were due), as with a pooled client: the
 * JDK client alone opens one more connection per request in flight, and a server that falls behind then drowns in
 * connection set-ups.
 */
final class OpenLoopLoad {
    private static final int DRAIN_SECONDS = 30;

    /**
     * @param scheduled    requests due in the window
     * @param ok           2xx responses among them
     * @param failed       requests without any response (connection errors, client timeouts)
     * @param statuses     response count per HTTP status
     * @param achieved     2xx responses per second, from the start of the window to the last of them
     * @param maxSendLagMs how late the sender was at worst (a sign of a saturated client machine)
     * @param unfinished   requests still without an answer after draining; counted as failed too
     * @param maxInFlight  most requests waiting for their answer at once (each holds a server thread)
     */
    record Outcome(
            long scheduled,
            long ok,
            long failed,
            Map<Integer, Long> statuses,
            double achieved,
            double maxSendLagMs,
            int unfinished,
            int maxInFlight,
            LatencyRecorder.Snapshot latencies) {
        long non2xx() {
            return statuses.entrySet().stream()
                    .filter(e -> e.getKey() / 100 != 2)
                    .mapToLong(Map.Entry::getValue)
                    .sum();
        }
    }

    /** Makes each request, told when it is due (its {@link System#nanoTime()}), to time what follows its answer. */
    interface RequestFactory {
        HttpRequest due(long dueNanos);
    }

    /** Told of each window's outcome, in window order (index from 0), on a thread of the HTTP client. */
    interface WindowListener {
        void completed(int index, Outcome outcome);
    }

    /**
     * Told of each answer with its body, on a thread of the HTTP client, before it counts in its window: work it
     * starts from there (a follow-up request) is its own to wait for.
     */
    interface AnswerListener {
        void answered(int window, long dueNanos, long answeredNanos, HttpResponse<String> response);
    }

    /** The requests due in one window and their answers. */
    private static final class Window {
        private final int index;
        private final long startNanos;
        private final LatencyRecorder latencies = new LatencyRecorder();
        private final Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        private final AtomicLong failed = new AtomicLong();
        private final AtomicLong lastOkNanos = new AtomicLong();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger maxInFlight = new AtomicInteger();
        private final CompletableFuture<Void> drained = new CompletableFuture<>();
        private volatile boolean closed;
        private long scheduled;
        private long maxLagNanos;

        private Window(final int index, final long startNanos) {
            this.index = index;
            this.startNanos = startNanos;
        }

        private void sent(final long lagNanos) {
            scheduled++;
            maxLagNanos = Math.max(maxLagNanos, lagNanos);
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        }

        private void answered(final long due, final long done, final HttpResponse<?> response, final Throwable error) {
            if (error != null) {
                failed.incrementAndGet();
            } else {
                latencies.record(done - due);
                statuses.merge(response.statusCode(), 1L, Long::sum);
                if (response.statusCode() / 100 == 2) {
                    lastOkNanos.accumulateAndGet(done, Math::max);
                }
            }
            if (inFlight.decrementAndGet() == 0 && closed) {
                drained.complete(null);
            }
        }

        private void close() {
            closed = true;
            if (inFlight.get() == 0) {
                drained.complete(null);
            }
        }

        private Outcome outcome() {
            final int unfinished = inFlight.get();
            final long ok = statuses.entrySet().stream()
                    .filter(e -> e.getKey() / 100 == 2)
                    .mapToLong(Map.Entry::getValue)
                    .sum();
            final double seconds = (lastOkNanos.get() - startNanos) / 1e9;
            return new Outcome(
                    scheduled,
                    ok,
                    failed.get() + unfinished,
                    new TreeMap<>(statuses),
                    ok == 0 ? 0 : ok / seconds,
                    maxLagNanos / 1e6,
                    unfinished,
                    maxInFlight.get(),
                    latencies.snapshot());
        }
    }

    /** A due request waiting for a connection. */
    private record Queued(HttpClient client, Window window, long due) {}

    private final HttpClient[] clients;
    private final RequestFactory requests;
    private final AnswerListener answers;
    /** Connections free to take a request; null: unbounded. */
    private final Semaphore connections;

    private final Queue<Queued> waiting = new ConcurrentLinkedQueue<>();

    private OpenLoopLoad(
            final HttpClient[] clients,
            final RequestFactory requests,
            final AnswerListener answers,
            final int maxConnections) {
        if (clients.length == 0) {
            throw new IllegalArgumentException("no HTTP client");
        }
        this.clients = clients.clone();
        this.requests = requests;
        this.answers = answers;
        this.connections = maxConnections > 0 ? new Semaphore(maxConnections) : null;
    }

    /** Warm-up then measured load at {@code rate} requests/s; the measured window's outcome. */
    static Outcome run(
            final HttpClient client,
            final Supplier<HttpRequest> requests,
            final int rate,
            final int warmupSeconds,
            final int durationSeconds)
            throws InterruptedException {
        return run(client, due -> requests.get(), rate, warmupSeconds, durationSeconds);
    }

    /** The same, each request made knowing when it is due. */
    static Outcome run(
            final HttpClient client,
            final RequestFactory requests,
            final int rate,
            final int warmupSeconds,
            final int durationSeconds)
            throws InterruptedException {
        return run(new HttpClient[] {client}, 0, requests, null, rate, warmupSeconds, durationSeconds);
    }

    /**
     * The same over several clients (in turn) and at most {@code maxConnections} requests on the wire (0: no
     * bound); with {@code answers}, each body is read and handed to it (the measured window is index 1 after a
     * warm-up, else 0), without, bodies are discarded.
     */
    static Outcome run(
            final HttpClient[] clients,
            final int maxConnections,
            final RequestFactory requests,
            final AnswerListener answers,
            final int rate,
            final int warmupSeconds,
            final int durationSeconds)
            throws InterruptedException {
        final Outcome[] measured = new Outcome[1];
        final OpenLoopLoad load = new OpenLoopLoad(clients, requests, answers, maxConnections);
        if (warmupSeconds > 0) {
            load.windows(
                    rate,
                    new long[] {
                        Duration.ofSeconds(warmupSeconds).toNanos(),
                        Duration.ofSeconds(durationSeconds).toNanos()
                    },
                    (index, outcome) -> {
                        if (index == 1) {
                            measured[0] = outcome;
                        }
                    });
        } else {
            load.windows(
                    rate,
                    new long[] {Duration.ofSeconds(durationSeconds).toNanos()},
                    (index, outcome) -> measured[0] = outcome);
        }
        return measured[0];
    }

    /**
     * {@code count} consecutive windows of {@code window} each at {@code rate} requests/s; returns once the last
     * window's outcome has been handed to {@code listener}.
     */
    static void windows(
            final HttpClient client,
            final Supplier<HttpRequest> requests,
            final int rate,
            final Duration window,
            final int count,
            final WindowListener listener)
            throws InterruptedException {
        final long[] lengths = new long[count];
        Arrays.fill(lengths, window.toNanos());
        new OpenLoopLoad(new HttpClient[] {client}, due -> requests.get(), null, 0).windows(rate, lengths, listener);
    }

    private void send(final HttpClient client, final Window window, final long due) {
        if (connections == null) {
            dispatch(client, window, due);
            return;
        }
        waiting.add(new Queued(client, window, due));
        dispatchWaiting();
    }

    /** Sends waiting requests while connections are free; run after each arrival and each answer. */
    private void dispatchWaiting() {
        while (!waiting.isEmpty() && connections.tryAcquire()) {
            final Queued next = waiting.poll();
            if (next == null) {
                connections.release();
            } else {
                dispatch(next.client(), next.window(), next.due());
            }
        }
    }

    private void dispatch(final HttpClient client, final Window window, final long due) {
        final HttpRequest request = requests.due(due);
        if (answers == null) {
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                window.answered(due, System.nanoTime(), response, error);
                freed();
            });
            return;
        }
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            final long done = System.nanoTime();
            try {
                if (response != null) {
                    answers.answered(window.index, due, done, response);
                }
            } finally {
                // a listener that throws must not leave its window waiting for this answer
                window.answered(due, done, response, error);
                freed();
            }
        });
    }

    private void freed() {
        if (connections != null) {
            connections.release();
            dispatchWaiting();
        }
    }

    private void windows(final int rate, final long[] lengthsNanos, final WindowListener listener)
            throws InterruptedException {
        final double intervalNanos = 1e9 / rate;
        final long begin = System.nanoTime() + Duration.ofMillis(20).toNanos();
        CompletableFuture<Void> reported = CompletableFuture.completedFuture(null);
        long windowStart = begin;
        long i = 0;
        for (int index = 0; index < lengthsNanos.length; index++) {
            final long windowEnd = windowStart + lengthsNanos[index];
            final Window current = new Window(index, windowStart);
            for (long due = begin + (long) (i * intervalNanos);
                    due < windowEnd;
                    due = begin + (long) (++i * intervalNanos)) {
                long now = System.nanoTime();
                while (now < due) {
                    LockSupport.parkNanos(due - now);
                    now = System.nanoTime();
                }
                current.sent(now - due);
                send(clients[(int) (i % clients.length)], current, due);
            }
            current.close();
            final int done = index;
            // stragglers are waited for from the window's end on; outcomes are reported in window order
            final CompletableFuture<Void> drained =
                    current.drained.completeOnTimeout(null, DRAIN_SECONDS, TimeUnit.SECONDS);
            reported = reported.thenCombine(drained, (previous, ignored) -> null)
                    .thenRun(() -> listener.completed(done, current.outcome()));
            windowStart = windowEnd;
        }
        try {
            reported.get(DRAIN_SECONDS + 10L, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the load's last windows were not reported: " + e, e);
        }
    }
}
