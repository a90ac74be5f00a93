package dev.kes.service;

import dev.kes.service.config.Settings;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/** What every {@code main} does once its service has started: wait, and close it on SIGTERM / Ctrl-C. */
public final class ServiceRunner {
    private ServiceRunner() {}

    /**
     * A service's {@code main}: loads its configuration (defaults, {@code KES_CONFIG_FILE}, the environment), starts
     * the service and closes it on SIGTERM.
     */
    public static <C> void run(
            final Map<String, String> defaults,
            final Function<Settings, C> config,
            final Function<C, ? extends AutoCloseable> start)
            throws InterruptedException {
        closeOnShutdown(start.apply(config.apply(Settings.load(defaults, System.getenv(), Map.of()))));
    }

    public static void closeOnShutdown(final AutoCloseable service) throws InterruptedException {
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                service.close();
                            } catch (Exception e) {
                                LoggerFactory.getLogger(ServiceRunner.class).warn("error while stopping", e);
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "shutdown"));
        stopped.await();
    }
}
