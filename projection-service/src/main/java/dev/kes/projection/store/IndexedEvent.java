package dev.kes.projection.store;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * An entry of the event-index store ({@link IndexRun}): an event's original bytes (Avro single-object encoding)
 * behind a small header, the instant the event is filed at and the account's balance right after it, so that "the
 * balance as of T" is a search in the account's index range and needs no store of its own.
 *
 * <pre>
 * format(u8 = 1)  filedAt(i64 epoch millis)  balance scale(u8)  balance unscaled length(u8)  unscaled(two's complement)
 * event bytes (the rest)
 * </pre>
 *
 * {@code filedAt} is the event's {@code occurredAt}, or its predecessor's filedAt should it be earlier (see
 * EventIndexModel), so that within an account it never decreases with the version.
 */
public record IndexedEvent(long filedAtMillis, BigDecimal balance, byte[] event) {
    /** Distinct from the single-object marker (0xC3) that the stored bytes began with before the header. */
    static final byte FORMAT = 1;

    private static final int FIXED = 1 + Long.BYTES + 1 + 1;

    public static final Serde<IndexedEvent> SERDE = Serdes.serdeFrom(
            (topic, value) -> value == null ? null : value.toBytes(),
            (topic, bytes) -> bytes == null ? null : fromBytes(bytes));

    public Instant filedAt() {
        return Instant.ofEpochMilli(filedAtMillis);
    }

    public byte[] toBytes() {
        final byte[] unscaled = balance.unscaledValue().toByteArray();
        if (balance.scale() < 0 || balance.scale() > 0xFF || unscaled.length > 0xFF) {
            throw new IllegalArgumentException("balance out of the index's range: " + balance);
        }
        return ByteBuffer.allocate(FIXED + unscaled.length + event.length)
                .put(FORMAT)
                .putLong(filedAtMillis)
                .put((byte) balance.scale())
                .put((byte) unscaled.length)
                .put(unscaled)
                .put(event)
                .array();
    }

    public static IndexedEvent fromBytes(final byte[] bytes) {
        if (bytes.length < FIXED || bytes[0] != FORMAT) {
            // an index written by a build before this format: the projection must be rebuilt (ADR 0015)
            throw new IllegalArgumentException("not an event-index value of format " + FORMAT);
        }
        final ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        final long filedAt = buffer.getLong();
        final int scale = Byte.toUnsignedInt(buffer.get());
        final byte[] unscaled = new byte[Byte.toUnsignedInt(buffer.get())];
        buffer.get(unscaled);
        final byte[] event = Arrays.copyOfRange(bytes, buffer.position(), bytes.length);
        return new IndexedEvent(filedAt, new BigDecimal(new BigInteger(unscaled), scale), event);
    }
}
