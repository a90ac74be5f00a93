package dev.kes.sql.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Where the read model lives: opens connections (one per writer: a batch is one transaction on one connection). */
public final class Database {
    private final String url;
    private final Properties properties = new Properties();

    /** @param user and password may be null when the URL or the server's own settings carry them */
    public Database(final String url, final String user, final String password) {
        this.url = url;
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        // one round trip for a whole batch of rows, and names the connection in pg_stat_activity
        properties.setProperty("reWriteBatchedInserts", "true");
        properties.setProperty("ApplicationName", "kes-sql-projection");
    }

    public String url() {
        return url;
    }

    public String user() {
        return properties.getProperty("user");
    }

    public String password() {
        return properties.getProperty("password");
    }

    /** A new connection, not in auto-commit. */
    public Connection connect() throws SQLException {
        final Connection connection = DriverManager.getConnection(url, properties);
        connection.setAutoCommit(false);
        return connection;
    }
}
