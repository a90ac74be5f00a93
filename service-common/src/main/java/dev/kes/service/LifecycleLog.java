package dev.kes.service;

import dev.kes.service.http.Readiness;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The two INFO lines an operator looks for in a service's log: when it first becomes ready (what {@code
 * /health/ready} reports), with where it listens and what it talks to, and when it has stopped.
 */
public final class LifecycleLog {
    private final Logger log;
    private final String service;
    private final Supplier<String> details;
    private final long startedAt = System.nanoTime();
    private final AtomicBoolean ready = new AtomicBoolean();

    /** @param details where the service listens and what it uses, read when it becomes ready */
    public LifecycleLog(final Logger log, final String service, final Supplier<String> details) {
        this.log = log;
        this.service = service;
        this.details = details;
    }

    /** The readiness check, logging "ready" the first time it passes; check it at each state change too. */
    public Readiness watching(final Readiness readiness) {
        return () -> {
            final String reason = readiness.notReadyReason();
            if (reason == null && ready.compareAndSet(false, true)) {
                log.info("{} ready in {} ms: {}", service, elapsed().toMillis(), details.get());
            }
            return reason;
        };
    }

    /** Call once everything is closed. */
    public void stopped(final Duration closing) {
        log.info(
                "{} stopped after {} s up (closing took {} ms)",
                service,
                elapsed().toSeconds(),
                closing.toMillis());
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedAt);
    }
}
