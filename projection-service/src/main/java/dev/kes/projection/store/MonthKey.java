package dev.kes.projection.store;

import java.nio.ByteBuffer;
import java.time.Year;
import java.time.YearMonth;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Key of the monthly-snapshots store: {@code accountId 0x00 year month}, the year as a sign-flipped big-endian
 * int and the month as one byte (1-12), so an account's months sort chronologically and a year is one range.
 */
public record MonthKey(String accountId, YearMonth month) {
    private static final int SUFFIX = Integer.BYTES + 1;

    public static final Serde<MonthKey> SERDE = Serdes.serdeFrom(
            (topic, key) -> key == null ? null : key.toBytes(),
            (topic, bytes) -> bytes == null ? null : fromBytes(bytes));

    /** Below every month of the account. */
    public static MonthKey first(final String accountId) {
        return new MonthKey(accountId, YearMonth.of(Year.MIN_VALUE, 1));
    }

    /** Above every month of the account. */
    public static MonthKey last(final String accountId) {
        return new MonthKey(accountId, YearMonth.of(Year.MAX_VALUE, 12));
    }

    public byte[] toBytes() {
        return KeyBytes.withAccount(accountId, SUFFIX)
                .putInt(KeyBytes.sortable(month.getYear()))
                .put((byte) month.getMonthValue())
                .array();
    }

    public static MonthKey fromBytes(final byte[] bytes) {
        final ByteBuffer buffer = ByteBuffer.wrap(bytes);
        final String accountId = KeyBytes.readAccount(buffer, SUFFIX);
        return new MonthKey(accountId, YearMonth.of(KeyBytes.sortable(buffer.getInt()), buffer.get()));
    }
}
