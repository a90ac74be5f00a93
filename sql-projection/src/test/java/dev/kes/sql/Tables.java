package dev.kes.sql;

import dev.kes.sql.db.Database;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The read model's tables as sorted lines of text, to compare with {@link ReferenceFold} or an earlier read. */
final class Tables {
    private Tables() {}

    record Snapshot(List<String> accounts, List<String> ledger, List<String> months) {
        Snapshot {
            accounts = accounts.stream().sorted().toList();
            ledger = ledger.stream().sorted().toList();
            months = months.stream().sorted().toList();
        }
    }

    static String accountRow(
            final String id,
            final String holder,
            final String status,
            final BigDecimal balance,
            final long version,
            final Instant openedAt,
            final Instant updatedAt,
            final Instant closedAt) {
        return String.join(
                "|",
                id,
                holder,
                status,
                balance.toPlainString(),
                Long.toString(version),
                String.valueOf(openedAt),
                String.valueOf(updatedAt),
                String.valueOf(closedAt));
    }

    static String ledgerRow(
            final String id,
            final long version,
            final String eventId,
            final String type,
            final BigDecimal amount,
            final BigDecimal balanceAfter,
            final Instant occurredAt) {
        // versions zero-padded so that the sorted lines are in version order
        return String.join(
                "|",
                id,
                String.format("%06d", version),
                eventId,
                type,
                amount == null ? "null" : amount.toPlainString(),
                balanceAfter.toPlainString(),
                occurredAt.toString());
    }

    static String monthRow(
            final String id,
            final YearMonth month,
            final BigDecimal opening,
            final BigDecimal deposits,
            final BigDecimal withdrawals,
            final BigDecimal interest,
            final BigDecimal closing,
            final long count,
            final long lastVersion) {
        return String.join(
                "|",
                id,
                month.toString(),
                opening.toPlainString(),
                deposits.toPlainString(),
                withdrawals.toPlainString(),
                interest.toPlainString(),
                closing.toPlainString(),
                Long.toString(count),
                Long.toString(lastVersion));
    }

    static Snapshot read(final Database database) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            final List<String> accounts = new ArrayList<>();
            try (ResultSet row = statement.executeQuery("SELECT id, holder, status, balance, version, opened_at, "
                    + "updated_at, closed_at FROM accounts")) {
                while (row.next()) {
                    accounts.add(accountRow(
                            row.getString(1),
                            row.getString(2),
                            row.getString(3),
                            row.getBigDecimal(4),
                            row.getLong(5),
                            instant(row, 6),
                            instant(row, 7),
                            instant(row, 8)));
                }
            }
            final List<String> ledger = new ArrayList<>();
            try (ResultSet row = statement.executeQuery("SELECT account_id, version, event_id, type, amount, "
                    + "balance_after, occurred_at FROM ledger")) {
                while (row.next()) {
                    ledger.add(ledgerRow(
                            row.getString(1),
                            row.getLong(2),
                            row.getString(3),
                            row.getString(4),
                            row.getBigDecimal(5),
                            row.getBigDecimal(6),
                            instant(row, 7)));
                }
            }
            final List<String> months = new ArrayList<>();
            try (ResultSet row = statement.executeQuery("SELECT account_id, month, opening, deposits, withdrawals, "
                    + "interest, closing, event_count, last_version FROM monthly_statements")) {
                while (row.next()) {
                    months.add(monthRow(
                            row.getString(1),
                            YearMonth.from(row.getObject(2, LocalDate.class)),
                            row.getBigDecimal(3),
                            row.getBigDecimal(4),
                            row.getBigDecimal(5),
                            row.getBigDecimal(6),
                            row.getBigDecimal(7),
                            row.getLong(8),
                            row.getLong(9)));
                }
            }
            connection.rollback();
            return new Snapshot(accounts, ledger, months);
        }
    }

    /** {@code kafka_offsets} of a topic: partition → next offset. */
    static Map<Integer, Long> offsets(final Database database, final String topic) throws SQLException {
        final Map<Integer, Long> offsets = new TreeMap<>();
        try (Connection connection = database.connect();
                var select = connection.prepareStatement(
                        "SELECT partition, next_offset FROM kafka_offsets WHERE topic = ?")) {
            select.setString(1, topic);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    offsets.put(row.getInt(1), row.getLong(2));
                }
            }
            connection.rollback();
        }
        return offsets;
    }

    /** The rows of the ledger: one per applied event; 0 before the projection has created it. */
    static long ledgerRowCount(final Database database) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery("SELECT to_regclass('ledger') IS NOT NULL")) {
                exists.next();
                if (!exists.getBoolean(1)) {
                    connection.rollback();
                    return 0;
                }
            }
            try (ResultSet row = statement.executeQuery("SELECT count(*) FROM ledger")) {
                row.next();
                final long count = row.getLong(1);
                connection.rollback();
                return count;
            }
        }
    }

    private static Instant instant(final ResultSet row, final int column) throws SQLException {
        final OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
