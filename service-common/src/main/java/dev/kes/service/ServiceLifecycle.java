package dev.kes.service;

import dev.kes.service.config.CommonSettings;
import dev.kes.service.http.HttpServer;
import dev.kes.service.http.Readiness;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * What a running service started, closed in reverse order, once. Each start step registers what it started; a step
 * that fails closes what the earlier ones started, so a half-started service keeps no thread, port or partition.
 * Logs the service's ready and stopped lines ({@link LifecycleLog}).
 */
public final class ServiceLifecycle implements AutoCloseable {
    private final Logger log;
    private final LifecycleLog lines;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile HttpServer http;

    /** @param service the name its log lines give it; {@code settings} say where it listens and what it talks to */
    public ServiceLifecycle(final Logger log, final String service, final CommonSettings settings) {
        this.log = log;
        this.lines = new LifecycleLog(
                log,
                service,
                () -> "http://" + settings.httpHost() + ":" + http.port()
                        + ", application.id " + settings.applicationId() + ", Kafka "
                        + settings.kafka().get("bootstrap.servers"));
    }

    /** The service's own logger, for what its shared parts log on its behalf. */
    public Logger log() {
        return log;
    }

    /**
     * Runs the start steps and returns what they build; if one throws, closes what they had started (in reverse
     * order, failures of those closes added as suppressed) and throws on.
     */
    public <S> S start(final Supplier<S> steps) {
        try {
            return steps.get();
        } catch (RuntimeException | Error e) {
            closed.set(true);
            closeStarted(e);
            throw e;
        }
    }

    /** Registers what has just started: it closes before everything registered earlier. */
    public synchronized <T extends AutoCloseable> T started(final T resource) {
        started.push(resource);
        return resource;
    }

    /** Registers the HTTP server, whose port the ready line names. */
    public HttpServer listening(final HttpServer server) {
        started(server);
        http = server;
        return server;
    }

    /** The port of the HTTP server it listens with. */
    public int httpPort() {
        return http.port();
    }

    /** The service's readiness: "starting" until its HTTP server listens; logs the ready line the first time. */
    public Readiness watching(final Readiness readiness) {
        return lines.watching(() -> http == null ? "starting" : readiness.notReadyReason());
    }

    /** Closes what started, in reverse order; again is a no-op (a test or a shutdown hook may close it twice). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        final long closing = System.nanoTime();
        final RuntimeException failed = closeStarted(null);
        lines.stopped(Duration.ofNanos(System.nanoTime() - closing));
        if (failed != null) {
            throw failed;
        }
    }

    /** Closes everything, each whatever the others did; what failed goes onto {@code failure} or is returned. */
    private RuntimeException closeStarted(final Throwable failure) {
        RuntimeException first = null;
        while (true) {
            final AutoCloseable next;
            synchronized (this) {
                next = started.poll();
            }
            if (next == null) {
                return first;
            }
            try {
                next.close();
            } catch (Exception e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                } else if (first == null) {
                    first = e instanceof RuntimeException r ? r : new IllegalStateException("closing " + next, e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
    }
}
