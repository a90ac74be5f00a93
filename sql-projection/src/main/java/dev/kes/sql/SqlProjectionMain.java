package dev.kes.sql;

import org.slf4j.LoggerFactory;

/** Loads configuration from the environment, starts the projection, stops it on SIGTERM / Ctrl-C. */
public final class SqlProjectionMain {
    private SqlProjectionMain() {}

    public static void main(final String[] args) throws InterruptedException {
        final SqlProjectionConfig config;
        try {
            config = SqlProjectionConfig.from(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("sql-projection: " + e.getMessage());
            System.exit(2);
            return;
        }
        final SqlProjection projection;
        try {
            projection = SqlProjection.start(config);
        } catch (RuntimeException e) {
            // the registry or the database unreachable, or its schema not migratable: say so, without a stack trace
            System.err.println("sql-projection: cannot start (database " + config.jdbcUrl() + "): " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                projection.close();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "shutdown"));
        projection.awaitStopped();
        if (projection.failure().isPresent()) {
            LoggerFactory.getLogger(SqlProjectionMain.class)
                    .error(
                            "sql-projection stopped: {}",
                            projection.failure().get().toString());
            System.exit(1);
        }
    }
}
