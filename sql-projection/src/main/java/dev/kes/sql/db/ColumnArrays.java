package dev.kes.sql.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * How a batch of rows is bound to a statement that expands them with {@code unnest}: one SQL array per column, the
 * columns in the statement's order, each with its element type and how a row gives its value.
 */
final class ColumnArrays<R> {
    private record Column<R>(String type, IntFunction<Object[]> array, Function<R, ?> value) {}

    private final List<Column<R>> columns = new ArrayList<>();

    ColumnArrays<R> text(final Function<R, String> value) {
        columns.add(new Column<>("text", String[]::new, value));
        return this;
    }

    ColumnArrays<R> int8(final Function<R, Long> value) {
        columns.add(new Column<>("int8", Long[]::new, value));
        return this;
    }

    /** Runs {@code sql} once for all {@code rows}; nothing when there are none. */
    void execute(final Connection connection, final String sql, final Collection<R> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int p = 1;
            for (final Column<R> column : columns) {
                final Object[] values = column.array().apply(rows.size());
                int i = 0;
                for (final R row : rows) {
                    values[i++] = column.value().apply(row);
                }
                statement.setArray(p++, connection.createArrayOf(column.type(), values));
            }
            statement.executeUpdate();
        }
    }
}
