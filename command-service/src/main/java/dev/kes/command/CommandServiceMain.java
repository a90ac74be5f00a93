package dev.kes.command;

import dev.kes.service.ServiceRunner;
import dev.kes.service.config.Settings;

import java.util.Map;

/** Loads configuration (defaults, KES_CONFIG_FILE, environment), starts the service, stops it on SIGTERM. */
public final class CommandServiceMain {
    private CommandServiceMain() {
    }

    public static void main(final String[] args) throws InterruptedException {
        final CommandServiceConfig config = CommandServiceConfig.from(
                Settings.load(CommandServiceConfig.DEFAULTS, System.getenv(), Map.of()));
        ServiceRunner.closeOnShutdown(CommandService.start(config));
    }
}
