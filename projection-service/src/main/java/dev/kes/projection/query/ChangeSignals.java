package dev.kes.projection.query;

import dev.kes.projection.topology.AppliedEvents;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-process link from the projection's processors ({@link AppliedEvents}) to the queries waiting on this
 * instance ({@link StoreChanges}): one per service instance, handed to both. An applied event wakes the watches of
 * its account or transfer; with nobody watching it costs one map lookup on the stream thread.
 */
public final class ChangeSignals implements AppliedEvents, StoreChanges {
    // two maps: an account id and a transfer id may be the same string
    private final Map<String, Set<Signal>> accounts = new ConcurrentHashMap<>();
    private final Map<String, Set<Signal>> transfers = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();

    /** The watches open now: queries of this instance waiting for a position. */
    public int watching() {
        return open.get();
    }

    @Override
    public void account(final String accountId) {
        wake(accounts, accountId);
    }

    @Override
    public void transfer(final String transferId) {
        wake(transfers, transferId);
    }

    @Override
    public Watch watchAccount(final String accountId) {
        return watch(accounts, accountId);
    }

    @Override
    public Watch watchTransfer(final String transferId) {
        return watch(transfers, transferId);
    }

    private static void wake(final Map<String, Set<Signal>> watches, final String key) {
        final Set<Signal> watching = watches.get(key);
        if (watching != null) {
            watching.forEach(Signal::fire);
        }
    }

    /** Registered before it is returned: whatever is applied after this call wakes it. */
    private Watch watch(final Map<String, Set<Signal>> watches, final String key) {
        final Signal signal = new Signal(watches, key, open);
        watches.compute(key, (k, watching) -> {
            final Set<Signal> set = watching == null ? ConcurrentHashMap.newKeySet() : watching;
            set.add(signal);
            return set;
        });
        open.incrementAndGet();
        return signal;
    }

    /** One watch: a flag set by the stream thread, cleared by the waiter when it returns from a wait. */
    private static final class Signal implements Watch {
        private final Map<String, Set<Signal>> watches;
        private final String key;
        private final AtomicInteger open;
        private final AtomicBoolean closed = new AtomicBoolean();
        private boolean fired;

        Signal(final Map<String, Set<Signal>> watches, final String key, final AtomicInteger open) {
            this.watches = watches;
            this.key = key;
            this.open = open;
        }

        synchronized void fire() {
            fired = true;
            notifyAll();
        }

        @Override
        public synchronized boolean await(final Duration max) throws InterruptedException {
            final long deadline = System.nanoTime() + max.toNanos();
            long left = max.toNanos();
            while (!fired && left > 0) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
                left = deadline - System.nanoTime();
            }
            final boolean changed = fired;
            fired = false;
            return changed;
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            open.decrementAndGet();
            // the set leaves the map with its last watch, atomically with any watch() of the same key
            watches.computeIfPresent(key, (k, watching) -> {
                watching.remove(this);
                return watching.isEmpty() ? null : watching;
            });
        }
    }
}
