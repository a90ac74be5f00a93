package dev.kes.service;

import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;

/** What every {@code main} does once its service has started: wait, and close it on SIGTERM / Ctrl-C. */
public final class ServiceRunner {
    private ServiceRunner() {
    }

    public static void closeOnShutdown(final AutoCloseable service) throws InterruptedException {
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
            } catch (Exception e) {
                LoggerFactory.getLogger(ServiceRunner.class).warn("error while stopping", e);
            } finally {
                stopped.countDown();
            }
        }, "shutdown"));
        stopped.await();
    }
}
