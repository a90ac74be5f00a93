package dev.kes.service.config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which configuration values must never reach a log line, an exception message or a {@code toString}: those of keys
 * naming a password, secret, JAAS configuration, token, credential or user info ({@code kafka.sasl.jaas.config},
 * {@code kafka.ssl.key.password}, {@code http.auth.tokens} …). Kafka masks only the keys it knows to be passwords;
 * this also covers our own keys and any client property an operator adds.
 */
public final class Secrets {
    public static final String MASK = "[hidden]";
    private static final String[] SENSITIVE = {"password", "secret", "jaas", "token", "credential", "user.info"};

    private Secrets() {}

    public static boolean isSensitive(final String key) {
        final String lower = key.toLowerCase(Locale.ROOT);
        for (final String word : SENSITIVE) {
            if (lower.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** The value as it may be shown: masked for a sensitive key. */
    public static String shown(final String key, final Object value) {
        return isSensitive(key) ? MASK : String.valueOf(value);
    }

    /** A sorted copy with every sensitive value masked, for logging a configuration. */
    public static Map<String, String> redacted(final Map<String, ?> values) {
        final Map<String, String> copy = new TreeMap<>();
        values.forEach((key, value) -> copy.put(key, shown(key, value)));
        return copy;
    }
}
