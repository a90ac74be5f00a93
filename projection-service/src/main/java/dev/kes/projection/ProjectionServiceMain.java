package dev.kes.projection;

import dev.kes.service.ServiceRunner;
import dev.kes.service.config.Settings;

import java.util.Map;

/** Loads configuration (defaults, KES_CONFIG_FILE, environment), starts the service, stops it on SIGTERM. */
public final class ProjectionServiceMain {
    private ProjectionServiceMain() {
    }

    public static void main(final String[] args) throws InterruptedException {
        final ProjectionServiceConfig config = ProjectionServiceConfig.from(
                Settings.load(ProjectionServiceConfig.DEFAULTS, System.getenv(), Map.of()));
        ServiceRunner.closeOnShutdown(ProjectionService.start(config));
    }
}
