package dev.kes.sql.db;

import dev.kes.sql.fold.AccountRow;
import dev.kes.sql.fold.LedgerRow;
import dev.kes.sql.fold.MonthRow;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postgresql.PGConnection;

/**
 * Reads and writes {@code accounts}, {@code ledger} and {@code monthly_statements}. Each write is one statement for
 * the whole batch: COPY for the ledger, and for the upserts the rows passed as arrays and expanded with
 * {@code unnest}. Money and instants travel as text (exact decimals, ISO-8601 UTC) and are cast by the server.
 */
final class ReadModelTables {
    private static final String COPY_LEDGER = "COPY ledger (account_id, version, event_id, type, amount, "
            + "balance_after, description, occurred_at, causation_id, partition, \"offset\", transfer_id, "
            + "counterparty) FROM STDIN";
    private static final String UPSERT_ACCOUNTS = """
            INSERT INTO accounts (id, holder, status, balance, version, opened_at, updated_at, closed_at)
            SELECT id, holder, status, balance::numeric, version, opened_at::timestamptz, updated_at::timestamptz,
                   closed_at::timestamptz
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[])
                 AS t(id, holder, status, balance, version, opened_at, updated_at, closed_at)
            ON CONFLICT (id) DO UPDATE SET holder = EXCLUDED.holder, status = EXCLUDED.status,
                balance = EXCLUDED.balance, version = EXCLUDED.version, opened_at = EXCLUDED.opened_at,
                updated_at = EXCLUDED.updated_at, closed_at = EXCLUDED.closed_at
            """;
    private static final String UPSERT_MONTHS = """
            INSERT INTO monthly_statements (account_id, month, opening, deposits, withdrawals, interest, transfers_in,
                                            transfers_out, closing, event_count, last_version)
            SELECT account_id, month::date, opening::numeric, deposits::numeric, withdrawals::numeric,
                   interest::numeric, transfers_in::numeric, transfers_out::numeric, closing::numeric, event_count,
                   last_version
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::bigint[], ?::bigint[])
                 AS t(account_id, month, opening, deposits, withdrawals, interest, transfers_in, transfers_out, closing,
                      event_count, last_version)
            ON CONFLICT (account_id, month) DO UPDATE SET opening = EXCLUDED.opening, deposits = EXCLUDED.deposits,
                withdrawals = EXCLUDED.withdrawals, interest = EXCLUDED.interest,
                transfers_in = EXCLUDED.transfers_in, transfers_out = EXCLUDED.transfers_out, closing = EXCLUDED.closing,
                event_count = EXCLUDED.event_count, last_version = EXCLUDED.last_version
            """;

    /** The arrays of {@link #UPSERT_ACCOUNTS}, in its order. */
    private static final ColumnArrays<AccountRow> ACCOUNT_COLUMNS = new ColumnArrays<AccountRow>()
            .text(AccountRow::id)
            .text(AccountRow::holder)
            .text(AccountRow::status)
            .text(row -> text(row.balance()))
            .int8(AccountRow::version)
            .text(row -> text(row.openedAt()))
            .text(row -> text(row.updatedAt()))
            .text(row -> text(row.closedAt()));
    /** The arrays of {@link #UPSERT_MONTHS}, in its order. */
    private static final ColumnArrays<MonthRow> MONTH_COLUMNS = new ColumnArrays<MonthRow>()
            .text(MonthRow::accountId)
            .text(row -> row.month().atDay(1).toString())
            .text(row -> text(row.opening()))
            .text(row -> text(row.deposits()))
            .text(row -> text(row.withdrawals()))
            .text(row -> text(row.interest()))
            .text(row -> text(row.transfersIn()))
            .text(row -> text(row.transfersOut()))
            .text(row -> text(row.closing()))
            .int8(MonthRow::eventCount)
            .int8(MonthRow::lastVersion);

    private ReadModelTables() {}

    static Map<String, AccountRow> accounts(final Connection connection, final Set<String> ids) throws SQLException {
        final Map<String, AccountRow> rows = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, holder, status, balance, version, opened_at, updated_at, closed_at FROM accounts "
                        + "WHERE id = ANY(?)")) {
            select.setArray(1, connection.createArrayOf("text", ids.toArray(String[]::new)));
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rows.put(
                            row.getString(1),
                            new AccountRow(
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
        }
        return rows;
    }

    /** Each account's latest month with events. */
    static Map<String, MonthRow> latestMonths(final Connection connection, final Set<String> ids) throws SQLException {
        final Map<String, MonthRow> rows = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT m.account_id, m.month, m.opening, m.deposits, m.withdrawals, m.interest, m.transfers_in, "
                        + "m.transfers_out, m.closing, m.event_count, m.last_version "
                        + "FROM unnest(?::text[]) AS a(id), LATERAL ("
                        + "SELECT * FROM monthly_statements WHERE account_id = a.id ORDER BY month DESC LIMIT 1) m")) {
            select.setArray(1, connection.createArrayOf("text", ids.toArray(String[]::new)));
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rows.put(
                            row.getString(1),
                            new MonthRow(
                                    row.getString(1),
                                    YearMonth.from(row.getObject(2, LocalDate.class)),
                                    row.getBigDecimal(3),
                                    row.getBigDecimal(4),
                                    row.getBigDecimal(5),
                                    row.getBigDecimal(6),
                                    row.getBigDecimal(7),
                                    row.getBigDecimal(8),
                                    row.getBigDecimal(9),
                                    row.getLong(10),
                                    row.getLong(11)));
                }
            }
        }
        return rows;
    }

    /** COPY, the fastest way into PostgreSQL: the ledger takes one row per event and is never updated. */
    static void insertLedger(final Connection connection, final List<LedgerRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        final StringBuilder text = new StringBuilder(rows.size() * 160);
        for (final LedgerRow row : rows) {
            field(text, row.accountId()).append('\t').append(row.version()).append('\t');
            field(text, row.eventId()).append('\t');
            field(text, row.type()).append('\t');
            field(text, text(row.amount())).append('\t');
            field(text, text(row.balanceAfter())).append('\t');
            field(text, row.description()).append('\t');
            field(text, text(row.occurredAt())).append('\t');
            field(text, row.causationId())
                    .append('\t')
                    .append(row.partition())
                    .append('\t')
                    .append(row.offset())
                    .append('\t');
            field(text, row.transferId()).append('\t');
            field(text, row.counterparty()).append('\n');
        }
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_LEDGER, new StringReader(text.toString()));
        } catch (IOException e) {
            throw new SQLException("cannot copy the ledger rows: " + e.getMessage(), e);
        }
    }

    /** A value of COPY's text format: \N for null; backslash, tab, newline and carriage return escaped. */
    private static StringBuilder field(final StringBuilder text, final String value) {
        if (value == null) {
            return text.append("\\N");
        }
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
        return text;
    }

    static void upsertAccounts(final Connection connection, final Collection<AccountRow> rows) throws SQLException {
        ACCOUNT_COLUMNS.execute(connection, UPSERT_ACCOUNTS, rows);
    }

    static void upsertMonths(final Connection connection, final Collection<MonthRow> rows) throws SQLException {
        MONTH_COLUMNS.execute(connection, UPSERT_MONTHS, rows);
    }

    private static String text(final BigDecimal amount) {
        return amount == null ? null : amount.toPlainString();
    }

    private static String text(final Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Instant instant(final ResultSet row, final int column) throws SQLException {
        final OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
