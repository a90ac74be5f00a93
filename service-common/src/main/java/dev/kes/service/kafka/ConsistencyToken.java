package dev.kes.service.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The opaque {@code position} a command response hands out for read-your-writes: the account and the version
 * its command produced. A projection that has applied that version of that account has "reached" the position;
 * per-account versions are gap-free, so no partition offsets are needed to compare.
 */
public record ConsistencyToken(String accountId, long version) {
    private static final String PREFIX = "p1:";

    public String encode() {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((PREFIX + version + ":" + accountId).getBytes(StandardCharsets.UTF_8));
    }

    /** Empty for anything that is not a token this system issued. */
    public static Optional<ConsistencyToken> decode(final String token) {
        try {
            final String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!text.startsWith(PREFIX)) {
                return Optional.empty();
            }
            final String[] parts = text.substring(PREFIX.length()).split(":", 2);
            if (parts.length != 2 || parts[1].isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ConsistencyToken(parts[1], Long.parseLong(parts[0])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
