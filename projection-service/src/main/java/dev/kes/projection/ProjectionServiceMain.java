package dev.kes.projection;

import dev.kes.service.ServiceRunner;

/** Loads configuration (defaults, KES_CONFIG_FILE, environment), starts the service, stops it on SIGTERM; a bad
 * configuration exits 2, a failed start 1, each with one line on standard error. */
public final class ProjectionServiceMain {
    private ProjectionServiceMain() {}

    public static void main(final String[] args) throws InterruptedException {
        final int status = ServiceRunner.run(
                "projection-service",
                ProjectionServiceConfig.DEFAULTS,
                ProjectionServiceConfig::from,
                ProjectionService::start);
        if (status != 0) {
            System.exit(status);
        }
    }
}
