package dev.kes.sql.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** {@code kafka_offsets}: per partition of the topic, the offset of the next record the tables have not applied. */
final class OffsetTable {
    private final String topic;

    OffsetTable(final String topic) {
        this.topic = topic;
    }

    /** The next offsets of {@code partitions}; a partition without a row gets one at 0 (its beginning). */
    Map<Integer, Long> read(final Connection connection, final Set<Integer> partitions) throws SQLException {
        final Integer[] wanted = partitions.toArray(Integer[]::new);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO kafka_offsets (topic, partition, next_offset) SELECT ?, p, 0 FROM unnest(?::int[]) p "
                        + "ON CONFLICT DO NOTHING")) {
            insert.setString(1, topic);
            insert.setArray(2, connection.createArrayOf("int4", wanted));
            insert.executeUpdate();
        }
        return select(connection, wanted, "");
    }

    /**
     * Locks the rows of {@code expected}'s partitions (in partition order, so that two writers cannot deadlock) and
     * checks that each still holds the expected next offset.
     *
     * @throws OffsetConflictException naming the first partition that does not
     */
    void lockAndCheck(final Connection connection, final Map<Integer, Long> expected)
            throws SQLException, OffsetConflictException {
        final Map<Integer, Long> stored = select(connection, expected.keySet().toArray(Integer[]::new), " FOR UPDATE");
        for (final Map.Entry<Integer, Long> entry : expected.entrySet()) {
            final Long found = stored.get(entry.getKey());
            if (!entry.getValue().equals(found)) {
                throw new OffsetConflictException(
                        topic,
                        entry.getKey(),
                        "this writer read from offset " + entry.getValue() + " but the database's next offset is "
                                + found);
            }
        }
    }

    /**
     * Moves each partition from its expected next offset to its new one; only where the row still holds the
     * expected one.
     *
     * @throws OffsetConflictException if a row did not (then the caller rolls back)
     */
    void advance(final Connection connection, final Map<Integer, Long> expected, final Map<Integer, Long> next)
            throws SQLException, OffsetConflictException {
        final Integer[] partitions = next.keySet().toArray(Integer[]::new);
        final Long[] from = new Long[partitions.length];
        final Long[] to = new Long[partitions.length];
        for (int i = 0; i < partitions.length; i++) {
            from[i] = expected.get(partitions[i]);
            to[i] = next.get(partitions[i]);
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE kafka_offsets o SET next_offset = v.next "
                + "FROM unnest(?::int[], ?::bigint[], ?::bigint[]) AS v(p, expected, next) "
                + "WHERE o.topic = ? AND o.partition = v.p AND o.next_offset = v.expected")) {
            update.setArray(1, connection.createArrayOf("int4", partitions));
            update.setArray(2, connection.createArrayOf("int8", from));
            update.setArray(3, connection.createArrayOf("int8", to));
            update.setString(4, topic);
            final int updated = update.executeUpdate();
            if (updated != partitions.length) {
                throw new OffsetConflictException(
                        topic,
                        partitions[0],
                        "only " + updated + " of " + partitions.length
                                + " partitions still held the offsets this writer read from");
            }
        }
    }

    private Map<Integer, Long> select(final Connection connection, final Integer[] partitions, final String lock)
            throws SQLException {
        final Map<Integer, Long> offsets = new TreeMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT partition, next_offset FROM kafka_offsets WHERE topic = ? AND partition = ANY(?) "
                        + "ORDER BY partition" + lock)) {
            select.setString(1, topic);
            select.setArray(2, connection.createArrayOf("int4", partitions));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    offsets.put(rows.getInt(1), rows.getLong(2));
                }
            }
        }
        return offsets;
    }
}
