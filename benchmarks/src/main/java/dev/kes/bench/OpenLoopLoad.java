package dev.kes.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Open-loop HTTP load: request i is due at {@code start + i / rate}, whatever happened to the earlier ones, and is
 * sent asynchronously (as many connections as it takes). Its latency is measured from when it was <em>due</em>,
 * not from when it was sent, so a stalled server or a late sender shows in the percentiles instead of quietly
 * lowering the offered load (no coordinated omission).
 */
final class OpenLoopLoad {
    private static final Duration DRAIN = Duration.ofSeconds(30);

    private final HttpClient client;
    private final Supplier<HttpRequest> requests;
    private final LatencyRecorder latencies = new LatencyRecorder();
    private final Map<Integer, Long> statuses = new ConcurrentHashMap<>();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong lastOkNanos = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    /**
     * @param scheduled    requests due in the measured window
     * @param ok           2xx responses among them
     * @param failed       requests without any response (connection errors, client timeouts)
     * @param statuses     response count per HTTP status
     * @param achieved     2xx responses per second, from the start of the window to the last of them
     * @param maxSendLagMs how late the sender was at worst (a sign of a saturated client machine)
     * @param unfinished   requests still without an answer after draining; counted as failed too
     * @param maxInFlight  most requests waiting for their answer at once (each holds a server thread)
     */
    record Outcome(long scheduled, long ok, long failed, Map<Integer, Long> statuses, double achieved,
                   double maxSendLagMs, int unfinished, int maxInFlight, LatencyRecorder.Snapshot latencies) {
        long non2xx() {
            return statuses.entrySet().stream().filter(e -> e.getKey() / 100 != 2)
                    .mapToLong(Map.Entry::getValue).sum();
        }
    }

    private OpenLoopLoad(final HttpClient client, final Supplier<HttpRequest> requests) {
        this.client = client;
        this.requests = requests;
    }

    /** Runs warm-up then measured load at {@code rate} requests/s, then waits for the stragglers. */
    static Outcome run(final HttpClient client, final Supplier<HttpRequest> requests, final int rate,
                       final int warmupSeconds, final int durationSeconds) throws InterruptedException {
        return new OpenLoopLoad(client, requests).run(rate, warmupSeconds, durationSeconds);
    }

    private Outcome run(final int rate, final int warmupSeconds, final int durationSeconds)
            throws InterruptedException {
        final double intervalNanos = 1e9 / rate;
        final long begin = System.nanoTime() + Duration.ofMillis(20).toNanos();
        final long measureFrom = begin + Duration.ofSeconds(warmupSeconds).toNanos();
        final long end = measureFrom + Duration.ofSeconds(durationSeconds).toNanos();
        long scheduledInWindow = 0;
        long maxLag = 0;
        for (long i = 0; ; i++) {
            final long due = begin + (long) (i * intervalNanos);
            if (due >= end) {
                break;
            }
            long now = System.nanoTime();
            while (now < due) {
                LockSupport.parkNanos(due - now);
                now = System.nanoTime();
            }
            final boolean measured = due >= measureFrom;
            if (measured) {
                scheduledInWindow++;
                maxLag = Math.max(maxLag, now - due);
            }
            send(due, measured);
        }
        final long drainUntil = System.nanoTime() + DRAIN.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < drainUntil) {
            Thread.sleep(10);
        }
        final int unfinished = inFlight.get();
        final long ok = statuses.entrySet().stream()
                .filter(e -> e.getKey() / 100 == 2).mapToLong(Map.Entry::getValue).sum();
        final double window = (lastOkNanos.get() - measureFrom) / 1e9;
        return new Outcome(scheduledInWindow, ok, failed.get() + unfinished, new TreeMap<>(statuses),
                ok == 0 ? 0 : ok / window, maxLag / 1e6, unfinished, maxInFlight.get(), latencies.snapshot());
    }

    private void send(final long due, final boolean measured) {
        final int waiting = inFlight.incrementAndGet();
        if (measured) {
            maxInFlight.accumulateAndGet(waiting, Math::max);
        }
        client.sendAsync(requests.get(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            final long done = System.nanoTime();
            if (measured) {
                if (error != null) {
                    failed.incrementAndGet();
                } else {
                    latencies.record(done - due);
                    statuses.merge(response.statusCode(), 1L, Long::sum);
                    if (response.statusCode() / 100 == 2) {
                        lastOkNanos.accumulateAndGet(done, Math::max);
                    }
                }
            }
            inFlight.decrementAndGet();
        });
    }
}
