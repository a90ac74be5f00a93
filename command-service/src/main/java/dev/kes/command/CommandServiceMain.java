package dev.kes.command;

import dev.kes.service.ServiceRunner;

/** Loads configuration (defaults, KES_CONFIG_FILE, environment), starts the service, stops it on SIGTERM. */
public final class CommandServiceMain {
    private CommandServiceMain() {}

    public static void main(final String[] args) throws InterruptedException {
        ServiceRunner.run(CommandServiceConfig.DEFAULTS, CommandServiceConfig::from, CommandService::start);
    }
}
