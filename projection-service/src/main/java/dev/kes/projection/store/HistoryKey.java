package dev.kes.projection.store;

import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Key of the balance-history store: {@code accountId 0x00 occurredAt version}, with occurredAt as sign-flipped
 * big-endian epoch millis and version as big-endian long, so an account's entries sort by time, then version.
 * Per account occurredAt never decreases with version, so that is also version order.
 */
public record HistoryKey(String accountId, long occurredAtMillis, long version) {
    private static final int SUFFIX = Long.BYTES + Long.BYTES;

    public static final Serde<HistoryKey> SERDE = Serdes.serdeFrom(
            (topic, key) -> key == null ? null : key.toBytes(),
            (topic, bytes) -> bytes == null ? null : fromBytes(bytes));

    /** The upper bound of "as of {@code at}": the last entry at or before it is the first one below this key. */
    public static HistoryKey asOf(final String accountId, final Instant at) {
        return new HistoryKey(accountId, at.toEpochMilli(), Long.MAX_VALUE);
    }

    /** Below every entry of the account. */
    public static HistoryKey first(final String accountId) {
        return new HistoryKey(accountId, Long.MIN_VALUE, 0);
    }

    /** Above every entry of the account. */
    public static HistoryKey last(final String accountId) {
        return new HistoryKey(accountId, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    public byte[] toBytes() {
        return KeyBytes.withAccount(accountId, SUFFIX)
                .putLong(KeyBytes.sortable(occurredAtMillis))
                .putLong(version)
                .array();
    }

    public static HistoryKey fromBytes(final byte[] bytes) {
        final ByteBuffer buffer = ByteBuffer.wrap(bytes);
        final String accountId = KeyBytes.readAccount(buffer, SUFFIX);
        return new HistoryKey(accountId, KeyBytes.sortable(buffer.getLong()), buffer.getLong());
    }
}
