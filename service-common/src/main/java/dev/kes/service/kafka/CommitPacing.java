package dev.kes.service.kafka;

import java.util.function.LongSupplier;

/**
 * When a stream thread may start its next caught-up commit: once it has run, since its last commit ended, at least as
 * long as that commit took. A commit blocks the thread for its round trips, so under load commits then take at most
 * about half of its time and the rest goes to processing, while a lightly loaded thread commits at once (ADR 0017).
 */
final class CommitPacing {
    private final LongSupplier nanos;
    private long lastEnd = Long.MIN_VALUE / 2;
    private long lastTook;
    private long started = -1;

    CommitPacing(final LongSupplier nanos) {
        this.nanos = nanos;
    }

    boolean mayCommit() {
        return nanos.getAsLong() - lastEnd >= lastTook;
    }

    /** A commit starts (offsets sent, or the commit itself when there are none). */
    void starting() {
        if (started < 0) {
            started = nanos.getAsLong();
        }
    }

    /** The commit that {@link #starting() started} has ended, committed or not. */
    void ended() {
        final long now = nanos.getAsLong();
        lastTook = started < 0 ? 0 : now - started;
        lastEnd = now;
        started = -1;
    }
}
