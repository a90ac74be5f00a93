package dev.kes.service.personal;

import java.util.Arrays;

/**
 * One record of the keys topic: key {@code accountId/keyId}, value = format version, the wrapping key's id, then the
 * wrapped data key. A null value (tombstone) is an erased key.
 */
record WrappedKey(String accountId, String keyId, byte[] kekId, byte[] wrapped) {
    static final byte FORMAT = 1;

    static String recordKey(final String accountId, final String keyId) {
        return accountId + "/" + keyId;
    }

    /** The account of a record key; a key without '/' is no data key. */
    static String accountOf(final String recordKey) {
        final int slash = recordKey.lastIndexOf('/');
        return slash < 0 ? null : recordKey.substring(0, slash);
    }

    static String keyIdOf(final String recordKey) {
        return recordKey.substring(recordKey.lastIndexOf('/') + 1);
    }

    String recordKey() {
        return recordKey(accountId, keyId);
    }

    byte[] value() {
        final byte[] value = new byte[1 + kekId.length + wrapped.length];
        value[0] = FORMAT;
        System.arraycopy(kekId, 0, value, 1, kekId.length);
        System.arraycopy(wrapped, 0, value, 1 + kekId.length, wrapped.length);
        return value;
    }

    /** The record's key and value as a wrapped key; null when the value is of an unknown format. */
    static WrappedKey parse(final String recordKey, final byte[] value) {
        final String account = accountOf(recordKey);
        if (account == null || value.length <= 1 + KeyEncryptionKey.ID_BYTES || value[0] != FORMAT) {
            return null;
        }
        return new WrappedKey(
                account,
                keyIdOf(recordKey),
                Arrays.copyOfRange(value, 1, 1 + KeyEncryptionKey.ID_BYTES),
                Arrays.copyOfRange(value, 1 + KeyEncryptionKey.ID_BYTES, value.length));
    }
}
