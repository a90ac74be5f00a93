package dev.kes.command.topology;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Event ids derived from the command: {@code UUID.nameUUIDFromBytes(accountId + "#" + commandId + "#" + index)}, a
 * name-based (version 3) UUID, so that a command processed again after a crash yields the very same event ids. The
 * account is part of the name because commandIds are scoped per account: one id sent to two accounts makes two
 * commands, and their events must not share an id. An account id holds no {@code #}, so names cannot collide.
 * Computed with one MD5 digest kept per processor rather than {@link UUID#nameUUIDFromBytes}, which looks the
 * algorithm up in the security providers on every call, once per event on the stream thread. Not thread-safe: one
 * per processor (stream task).
 */
final class EventIds {
    private final MessageDigest md5;

    EventIds() {
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    }

    String of(final String accountId, final String commandId, final int index) {
        final byte[] hash = md5.digest((accountId + "#" + commandId + "#" + index).getBytes(StandardCharsets.UTF_8));
        // the version and variant bits of RFC 4122, as UUID.nameUUIDFromBytes sets them
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x30);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        long most = 0;
        long least = 0;
        for (int i = 0; i < 8; i++) {
            most = (most << 8) | (hash[i] & 0xff);
            least = (least << 8) | (hash[i + 8] & 0xff);
        }
        return new UUID(most, least).toString();
    }
}
