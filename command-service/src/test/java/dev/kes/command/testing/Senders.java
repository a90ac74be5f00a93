package dev.kes.command.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A few threads that share numbered commands 0..n-1 between them, each taking the next one when it is done, so that
 * traffic keeps flowing while the test breaks something underneath. Closing stops whatever still runs.
 */
public final class Senders implements AutoCloseable {
    private final ExecutorService pool;
    private final List<Future<?>> running = new ArrayList<>();

    private Senders(final int threads) {
        pool = Executors.newFixedThreadPool(threads);
    }

    /** Starts {@code threads} threads that run {@code command.accept(i)} once for each i in 0..commands-1. */
    public static Senders start(final int threads, final int commands, final IntConsumer command) {
        final Senders senders = new Senders(threads);
        final AtomicInteger next = new AtomicInteger();
        for (int s = 0; s < threads; s++) {
            senders.running.add(senders.pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < commands; i = next.getAndIncrement()) {
                    command.accept(i);
                }
            }));
        }
        return senders;
    }

    /** Waits for every thread to finish, each within {@code within}; rethrows what any of them threw. */
    public void await(final Duration within) throws Exception {
        for (final Future<?> sender : running) {
            sender.get(within.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
