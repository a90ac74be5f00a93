package dev.kes.transfer;

import dev.kes.service.ServiceRunner;

/** Loads configuration (defaults, KES_CONFIG_FILE, environment), starts the manager, stops it on SIGTERM; a bad
 * configuration exits 2, a failed start 1, each with one line on standard error. */
public final class TransferManagerMain {
    private TransferManagerMain() {}

    public static void main(final String[] args) throws InterruptedException {
        final int status = ServiceRunner.run(
                "transfer-manager",
                TransferManagerConfig.DEFAULTS,
                TransferManagerConfig::from,
                TransferManager::start);
        if (status != 0) {
            System.exit(status);
        }
    }
}
