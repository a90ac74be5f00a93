package dev.kes.sql.db;

import org.flywaydb.core.Flyway;

/** Brings the schema up to date with the Flyway migrations under {@code db/migration}, before anything is read. */
public final class Migrations {
    private Migrations() {}

    public static void migrate(final Database database) {
        Flyway.configure()
                .dataSource(database.url(), database.user(), database.password())
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }
}
