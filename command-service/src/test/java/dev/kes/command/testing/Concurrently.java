package dev.kes.command.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Runs n calls at the same moment, one thread each, released together by a gate. */
public final class Concurrently {
    private Concurrently() {}

    public static <T> List<T> run(final int n, final IntFunction<T> call) throws Exception {
        final ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            final CountDownLatch gate = new CountDownLatch(1);
            final List<Future<T>> futures = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                final int index = i;
                final Callable<T> task = () -> {
                    gate.await();
                    return call.apply(index);
                };
                futures.add(pool.submit(task));
            }
            gate.countDown();
            final List<T> results = new ArrayList<>(n);
            for (final Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
