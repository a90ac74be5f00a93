package dev.kes.service;

import dev.kes.service.config.Settings;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every {@code main} does once its service has started: wait, and close it on SIGTERM / Ctrl-C. */
public final class ServiceRunner {
    /** The exit status of a configuration the service cannot use. */
    public static final int BAD_CONFIGURATION = 2;
    /** The exit status of a start that failed (Kafka, the registry or a port unreachable, a wrong key …). */
    public static final int NOT_STARTED = 1;

    private static final Logger LOG = LoggerFactory.getLogger(ServiceRunner.class);
    /** How deep a cause chain is read for the line: a chain may loop. */
    private static final int MAX_CAUSES = 8;

    private ServiceRunner() {}

    /**
     * A service's {@code main}: loads its configuration (defaults, {@code KES_CONFIG_FILE}, the environment), starts
     * the service and closes it on SIGTERM. A configuration it cannot use or a start that fails is one line on
     * standard error, {@code <name>: …}, not a stack trace (that is logged at DEBUG).
     *
     * @return 0 once stopped, else {@link #BAD_CONFIGURATION} or {@link #NOT_STARTED}: the status to exit with
     */
    public static <C> int run(
            final String name,
            final Map<String, String> defaults,
            final Function<Settings, C> config,
            final Function<C, ? extends AutoCloseable> start)
            throws InterruptedException {
        final C configured;
        try {
            configured = config.apply(Settings.load(defaults, System.getenv(), Map.of()));
        } catch (RuntimeException e) {
            LOG.debug("the configuration of {} cannot be used", name, e);
            System.err.println(name + ": " + oneLine(e));
            return BAD_CONFIGURATION;
        }
        final AutoCloseable service;
        try {
            service = start.apply(configured);
        } catch (RuntimeException e) {
            LOG.debug("{} did not start", name, e);
            System.err.println(name + ": cannot start: " + oneLine(e));
            return NOT_STARTED;
        }
        closeOnShutdown(service);
        return 0;
    }

    public static void closeOnShutdown(final AutoCloseable service) throws InterruptedException {
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                service.close();
                            } catch (Exception e) {
                                LOG.warn("error while stopping", e);
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "shutdown"));
        stopped.await();
    }

    /** The failure's message and those of its causes that add to it, on one line (for a main's error line). */
    public static String oneLine(final Throwable failure) {
        final StringBuilder line = new StringBuilder(
                failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage());
        Throwable cause = failure.getCause();
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            final String message = cause.getMessage();
            if (message != null && !line.toString().contains(message)) {
                line.append(": ").append(message);
            }
        }
        return line.toString().replaceAll("\\s*\\R\\s*", " ");
    }
}
