package dev.kes.service.auth;

import dev.kes.service.config.ConfigException;
import dev.kes.service.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The bearer tokens the HTTP API accepts and the scopes of each, from {@value #TOKENS_KEY} (comma-separated
 * {@code token:scope[+scope]} entries) and/or the file named by {@value #FILE_KEY} (the same entries, one or more per
 * line, {@code #} comments). Neither set: authentication is off.
 *
 * <p>Only SHA-256 digests of the tokens are kept. A presented token is digested and compared with every known digest
 * in constant time ({@link MessageDigest#isEqual}), without stopping at a match, so neither the comparison nor the
 * position of a token in the list shows in the response time. No message of this class contains a token.
 */
public final class AccessTokens {
    public static final String TOKENS_KEY = "http.auth.tokens";
    public static final String FILE_KEY = "http.auth.tokens.file";
    /** RFC 6750 b64token; no ':' or ',', which separate entries and scopes here. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
    /** Short tokens can be guessed; 16 characters of a random string are far beyond that. */
    static final int MIN_LENGTH = 16;

    private record Entry(byte[] digest, Set<Scope> scopes) {}

    private final List<Entry> entries;

    private AccessTokens(final List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static AccessTokens none() {
        return new AccessTokens(List.of());
    }

    /** The tokens configured in {@code settings}; fails (naming the key and entry, never the token) when malformed. */
    public static AccessTokens from(final Settings settings) {
        final List<Entry> entries = new ArrayList<>();
        final String inline = settings.get(TOKENS_KEY, null);
        if (inline != null) {
            parse(inline, TOKENS_KEY, entries);
        }
        final String file = settings.get(FILE_KEY, null);
        if (file != null) {
            final String text;
            try {
                text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConfigException(FILE_KEY + ": cannot read " + file + ": " + e.getMessage());
            }
            final int before = entries.size();
            parse(
                    text.lines().map(line -> line.replaceFirst("#.*", "")).collect(Collectors.joining(",")),
                    FILE_KEY + " (" + file + ")",
                    entries);
            if (entries.size() == before) {
                // an operator who names a token file wants authentication: never start open because it is empty
                throw new ConfigException(FILE_KEY + ": " + file + " holds no token");
            }
        }
        return new AccessTokens(entries);
    }

    private static void parse(final String text, final String source, final List<Entry> into) {
        int index = 0;
        for (final String raw : text.split(",")) {
            final String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            index++;
            final int colon = entry.indexOf(':');
            final String where = source + " entry " + index;
            if (colon < 0) {
                throw new ConfigException(where + ": expected token:scope[+scope], e.g. …:read+write");
            }
            final String token = entry.substring(0, colon).strip();
            if (!TOKEN.matcher(token).matches() || token.length() < MIN_LENGTH) {
                throw new ConfigException(where + ": a token must be at least " + MIN_LENGTH
                        + " characters of A-Z a-z 0-9 - . _ ~ + / (then optional '=' padding)");
            }
            final Set<Scope> scopes = EnumSet.noneOf(Scope.class);
            for (final String name : entry.substring(colon + 1).split("\\+")) {
                scopes.add(Scope.parse(name)
                        .orElseThrow(() -> new ConfigException(where + ": unknown scope '" + name.strip()
                                + "' (use read, write, admin or a combination such as read+write)")));
            }
            final byte[] digest = digest(token);
            if (into.stream().anyMatch(known -> MessageDigest.isEqual(known.digest(), digest))) {
                throw new ConfigException(where + ": this token is listed twice");
            }
            into.add(new Entry(digest, Set.copyOf(scopes)));
        }
    }

    public boolean enabled() {
        return !entries.isEmpty();
    }

    /** The scopes of a presented token, or empty when it is not one of ours. Constant time in the token. */
    public Optional<Set<Scope>> scopesOf(final String presented) {
        final byte[] digest = digest(presented);
        Set<Scope> found = null;
        for (final Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), digest)) {
                found = entry.scopes();
            }
        }
        return Optional.ofNullable(found);
    }

    private static byte[] digest(final String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Never the tokens, not even their digests. */
    @Override
    public String toString() {
        return enabled() ? "AccessTokens[" + entries.size() + " token(s)]" : "AccessTokens[off]";
    }
}
