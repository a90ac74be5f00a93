package dev.kes.command;

import dev.kes.service.ServiceRunner;

/** Loads configuration (defaults, KES_CONFIG_FILE, environment), starts the service, stops it on SIGTERM; a bad
 * configuration exits 2, a failed start 1, each with one line on standard error. */
public final class CommandServiceMain {
    private CommandServiceMain() {}

    public static void main(final String[] args) throws InterruptedException {
        final int status = ServiceRunner.run(
                "command-service", CommandServiceConfig.DEFAULTS, CommandServiceConfig::from, CommandService::start);
        if (status != 0) {
            System.exit(status);
        }
    }
}
