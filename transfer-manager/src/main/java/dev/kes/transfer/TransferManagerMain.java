package dev.kes.transfer;

import dev.kes.service.ServiceRunner;
import dev.kes.service.config.Settings;

import java.util.Map;

/** Loads configuration (defaults, KES_CONFIG_FILE, environment), starts the manager, stops it on SIGTERM. */
public final class TransferManagerMain {
    private TransferManagerMain() {
    }

    public static void main(final String[] args) throws InterruptedException {
        final TransferManagerConfig config = TransferManagerConfig.from(
                Settings.load(TransferManagerConfig.DEFAULTS, System.getenv(), Map.of()));
        ServiceRunner.closeOnShutdown(TransferManager.start(config));
    }
}
