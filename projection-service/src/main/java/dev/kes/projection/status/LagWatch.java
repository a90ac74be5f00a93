package dev.kes.projection.status;

import dev.kes.projection.metrics.ProjectionLag;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The projection's lag per partition ({@link ProjectionLag}), read again every {@code period} on a thread of its own:
 * readiness probes and status requests read the last reading and never wait for the brokers, however often they
 * come. After each reading it runs {@code afterEach} (the readiness check, so that the "ready" log line comes when
 * the lag falls within the bound, probed or not).
 */
public final class LagWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LagWatch.class);

    private final ProjectionLag lag;
    private final Duration period;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        final Thread thread = new Thread(task, "projection-lag-watch");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Reading last = new Reading(null, "not measured yet");

    /**
     * The last reading.
     *
     * @param lag     per partition number of the events topic; null when the brokers did not answer
     * @param failure why there is no lag, when there is none
     */
    public record Reading(Map<Integer, Long> lag, String failure) {}

    public LagWatch(final ProjectionLag lag, final Duration period) {
        this.lag = lag;
        this.period = period;
    }

    /** Reads at once, then every period; returns itself, to be closed with the service. */
    public LagWatch start(final Runnable afterEach) {
        timer.scheduleWithFixedDelay(
                () -> {
                    refresh();
                    try {
                        afterEach.run();
                    } catch (RuntimeException e) {
                        // an exception would end the schedule: the next reading must still come
                        LOG.warn("readiness check after a lag reading failed", e);
                    }
                },
                0,
                period.toMillis(),
                TimeUnit.MILLISECONDS);
        return this;
    }

    public Reading last() {
        return last;
    }

    private void refresh() {
        try {
            final Map<Integer, Long> byPartition = new TreeMap<>();
            for (final Map.Entry<TopicPartition, Long> entry : lag.lag().entrySet()) {
                byPartition.put(entry.getKey().partition(), entry.getValue());
            }
            last = new Reading(Collections.unmodifiableMap(byPartition), null);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debug("projection lag not available: {}", e.toString());
            last = new Reading(null, "the brokers did not answer (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
