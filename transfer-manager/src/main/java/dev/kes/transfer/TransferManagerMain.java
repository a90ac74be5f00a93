package dev.kes.transfer;

import dev.kes.service.ServiceRunner;

/** Loads configuration (defaults, KES_CONFIG_FILE, environment), starts the manager, stops it on SIGTERM. */
public final class TransferManagerMain {
    private TransferManagerMain() {}

    public static void main(final String[] args) throws InterruptedException {
        ServiceRunner.run(TransferManagerConfig.DEFAULTS, TransferManagerConfig::from, TransferManager::start);
    }
}
