package dev.kes.kafka.embedded;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * SASL/PLAIN as the embedded cluster speaks it: the client properties of one user, and the broker's JAAS entry that
 * lists the users. PLAIN over SASL_PLAINTEXT sends the password unencrypted: right for a test on the loopback
 * interface, never for a real network (use SASL_SSL there).
 */
public final class SaslPlain {
    static final String PROTOCOL = "SASL_PLAINTEXT";
    static final String MECHANISM = "PLAIN";
    /** The brokers' own user on the client listener, which is also the inter-broker listener. */
    static final String BROKER_USER = "embedded-broker";

    private static final String LOGIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule required";
    /** Kafka's JAAS parser reads {@code user_<name>} as one word: keep names to these characters. */
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private SaslPlain() {}

    /** {@code security.protocol}, {@code sasl.mechanism} and {@code sasl.jaas.config} for one user. */
    public static Map<String, Object> clientProperties(final String username, final String password) {
        return Map.of(
                "security.protocol", PROTOCOL,
                "sasl.mechanism", MECHANISM,
                "sasl.jaas.config", jaasConfig(username, password));
    }

    /** The {@code sasl.jaas.config} value of a client logging in as this user. */
    public static String jaasConfig(final String username, final String password) {
        return LOGIN_MODULE + " username=" + quoted(username) + " password=" + quoted(password) + ";";
    }

    /** The broker's entry: its own login for inter-broker traffic and every user it accepts. */
    static String brokerJaasConfig(final String brokerPassword, final Map<String, String> users) {
        final StringBuilder entry = new StringBuilder(LOGIN_MODULE)
                .append(" username=")
                .append(quoted(BROKER_USER))
                .append(" password=")
                .append(quoted(brokerPassword))
                .append(" user_")
                .append(BROKER_USER)
                .append('=')
                .append(quoted(brokerPassword));
        users.forEach((user, password) ->
                entry.append(" user_").append(user).append('=').append(quoted(password)));
        return entry.append(';').toString();
    }

    static void validate(final Map<String, String> users) {
        if (users.isEmpty()) {
            throw new IllegalArgumentException("saslPlain needs at least one user");
        }
        users.forEach((user, password) -> {
            if (!USER.matcher(user).matches()) {
                throw new IllegalArgumentException("SASL/PLAIN user names must match " + USER + ": " + user);
            }
            if (user.equals(BROKER_USER)) {
                throw new IllegalArgumentException(BROKER_USER + " is the brokers' own user");
            }
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("user " + user + " needs a password");
            }
        });
    }

    private static String quoted(final String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
