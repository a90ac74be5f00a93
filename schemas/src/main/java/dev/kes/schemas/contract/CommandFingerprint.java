package dev.kes.schemas.contract;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * What a command asks for, as a digest: its type and every field except {@code commandId} and {@code metadata}
 * (correlation and free key/values may differ between retries of one request). A commandId seen again with another
 * fingerprint is not a retry but the id reused for another request. Values are taken as they travel: amounts by
 * value ({@code 10} = {@code 10.00}), instants to the millisecond, fields by name, so the producer's copy and the
 * processor's decoded one, of any schema version, give the same digest. The first 16 bytes of SHA-256.
 */
public final class CommandFingerprint {
    private static final int SIZE = 16;
    private static final List<String> NOT_CONTENT = List.of("commandId", "metadata");
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    });

    private CommandFingerprint() {}

    public static byte[] of(final SpecificRecord command) {
        final MessageDigest digest = SHA256.get();
        digest.reset();
        final Schema schema = command.getSchema();
        text(digest, schema.getFullName());
        for (final Schema.Field field : contentFields(schema)) {
            text(digest, field.name());
            value(digest, command.get(field.pos()));
        }
        return Arrays.copyOf(digest.digest(), SIZE);
    }

    /** True when {@code stored} is absent (a result written before fingerprints existed) or the same. */
    public static boolean matches(final ByteBuffer stored, final byte[] fingerprint) {
        return stored == null || ByteBuffer.wrap(fingerprint).equals(stored.duplicate());
    }

    private static List<Schema.Field> contentFields(final Schema schema) {
        return schema.getFields().stream()
                .filter(field -> !NOT_CONTENT.contains(field.name()))
                .sorted(Comparator.comparing(Schema.Field::name))
                .toList();
    }

    private static void value(final MessageDigest digest, final Object value) {
        if (value == null) {
            digest.update((byte) 0);
        } else if (value instanceof BigDecimal decimal) {
            digest.update((byte) 1);
            text(
                    digest,
                    decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString());
        } else if (value instanceof Instant instant) {
            digest.update((byte) 2);
            number(digest, instant.toEpochMilli());
        } else if (value instanceof Long || value instanceof Integer) {
            digest.update((byte) 3);
            number(digest, ((Number) value).longValue());
        } else if (value instanceof ByteBuffer bytes) {
            digest.update((byte) 4);
            final ByteBuffer copy = bytes.duplicate();
            number(digest, copy.remaining());
            digest.update(copy);
        } else {
            // strings (String or Avro Utf8), enums, booleans and anything else by its text
            digest.update((byte) 5);
            text(digest, value.toString());
        }
    }

    private static void text(final MessageDigest digest, final String text) {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        number(digest, bytes.length);
        digest.update(bytes);
    }

    private static void number(final MessageDigest digest, final long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            digest.update((byte) (value >>> shift));
        }
    }
}
