package dev.kes.projection;

import dev.kes.service.ServiceRunner;

/** Loads configuration (defaults, KES_CONFIG_FILE, environment), starts the service, stops it on SIGTERM. */
public final class ProjectionServiceMain {
    private ProjectionServiceMain() {}

    public static void main(final String[] args) throws InterruptedException {
        ServiceRunner.run(ProjectionServiceConfig.DEFAULTS, ProjectionServiceConfig::from, ProjectionService::start);
    }
}
