package dev.kes.projection.store;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Key of the event-index store: {@code accountId 0x00 version}, version big-endian, so one account's events sort by version. */
public record EventKey(String accountId, long version) {
    private static final int SUFFIX = Long.BYTES;

    public static final Serde<EventKey> SERDE = Serdes.serdeFrom(
            (topic, key) -> key == null ? null : key.toBytes(),
            (topic, bytes) -> bytes == null ? null : fromBytes(bytes));

    /** Above every event of the account. */
    public static EventKey last(final String accountId) {
        return new EventKey(accountId, Long.MAX_VALUE);
    }

    public byte[] toBytes() {
        return KeyBytes.withAccount(accountId, SUFFIX).putLong(version).array();
    }

    public static EventKey fromBytes(final byte[] bytes) {
        final ByteBuffer buffer = ByteBuffer.wrap(bytes);
        final String accountId = KeyBytes.readAccount(buffer, SUFFIX);
        return new EventKey(accountId, buffer.getLong());
    }
}
