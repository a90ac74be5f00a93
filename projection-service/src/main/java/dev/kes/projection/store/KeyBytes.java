package dev.kes.projection.store;

import dev.kes.domain.AccountIds;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The byte layout the projection's composite store keys share: {@code UTF-8 accountId, 0x00, fixed-width suffix}.
 *
 * <p>RocksDB orders keys by unsigned bytes, so: the 0x00 separator (account ids match
 * {@link AccountIds} and never contain it) keeps one account's keys together and apart from ids it
 * prefixes ("a" before "a.b"); numbers are big-endian, and signed ones have their sign bit flipped so that
 * negative values sort before positive ones. The suffix has a fixed width per key type, so decoding never searches
 * for the separator (suffix bytes may well be 0x00).
 */
final class KeyBytes {
    static final byte SEPARATOR = 0x00;

    private KeyBytes() {}

    /** A buffer holding the account prefix, positioned to receive {@code suffixBytes} more bytes. */
    static ByteBuffer withAccount(final String accountId, final int suffixBytes) {
        if (!AccountIds.isValid(accountId)) {
            // refusing here keeps every stored key decodable and every account's range exact
            throw new IllegalArgumentException("not an account id: '" + accountId + "'");
        }
        final byte[] id = accountId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(id.length + 1 + suffixBytes).put(id).put(SEPARATOR);
    }

    /** The account id of a key with a {@code suffixBytes}-wide suffix; the buffer is left at the suffix. */
    static String readAccount(final ByteBuffer key, final int suffixBytes) {
        final int idLength = key.remaining() - 1 - suffixBytes;
        if (idLength < 1 || key.get(key.position() + idLength) != SEPARATOR) {
            throw new IllegalArgumentException("not a key of this store (" + key.remaining() + " bytes)");
        }
        final byte[] id = new byte[idLength];
        key.get(id).get();
        return new String(id, StandardCharsets.UTF_8);
    }

    /** Flips the sign bit: signed order becomes unsigned byte order (and back). */
    static long sortable(final long value) {
        return value ^ Long.MIN_VALUE;
    }

    static int sortable(final int value) {
        return value ^ Integer.MIN_VALUE;
    }
}
