package dev.kes.projection;

import dev.kes.service.config.Settings;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Loads configuration (defaults, KES_CONFIG_FILE, environment), starts the service, stops it on SIGTERM. */
public final class ProjectionServiceMain {
    private ProjectionServiceMain() {
    }

    public static void main(final String[] args) throws InterruptedException {
        final ProjectionServiceConfig config = ProjectionServiceConfig.from(
                Settings.load(ProjectionServiceConfig.DEFAULTS, System.getenv(), Map.of()));
        final ProjectionService service = ProjectionService.start(config);
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }
}
