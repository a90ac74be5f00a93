package dev.kes.sql;

import dev.kes.schemas.contract.DefaultTopics;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the SQL projection reads from its environment (see README "Configuration").
 *
 * @param kafka consumer properties: {@code bootstrap.servers} from KES_BOOTSTRAP_SERVERS (or KAFKA_BOOTSTRAP_SERVERS),
 *              {@code schema.registry.url} from KES_SCHEMA_REGISTRY_URL, and every other KAFKA_FOO_BAR as
 *              {@code foo.bar} (SASL/SSL settings, as for the services)
 */
public record SqlProjectionConfig(
        String jdbcUrl, String user, String password, String groupId, String topic, Map<String, Object> kafka) {
    public static final String JDBC_URL = "KES_SQL_JDBC_URL";
    public static final String USER = "KES_SQL_USER";
    public static final String PASSWORD = "KES_SQL_PASSWORD";
    public static final String GROUP_ID = "KES_SQL_GROUP_ID";
    public static final String TOPIC = "KES_TOPIC_EVENTS";
    public static final String BOOTSTRAP = "KES_BOOTSTRAP_SERVERS";
    public static final String REGISTRY = "KES_SCHEMA_REGISTRY_URL";
    public static final String DEFAULT_GROUP_ID = "kes-sql-projection";
    /** Larger than the consumer's 500: each poll is one transaction, and fewer, larger ones write faster. */
    static final int DEFAULT_MAX_POLL_RECORDS = 2000;

    private static final String KAFKA_PREFIX = "KAFKA_";

    public SqlProjectionConfig {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            throw new IllegalArgumentException(JDBC_URL + " is not set: the JDBC URL of the PostgreSQL database, "
                    + "e.g. jdbc:postgresql://localhost:5432/kes");
        }
        kafka = Map.copyOf(kafka);
    }

    /** From environment variables ({@code System.getenv()}). */
    public static SqlProjectionConfig from(final Map<String, String> env) {
        final Map<String, Object> kafka = new HashMap<>();
        kafka.put("bootstrap.servers", "127.0.0.1:9092");
        kafka.put("max.poll.records", Integer.toString(DEFAULT_MAX_POLL_RECORDS));
        env.forEach((name, value) -> {
            if (name.startsWith(KAFKA_PREFIX) && name.length() > KAFKA_PREFIX.length()) {
                kafka.put(
                        name.substring(KAFKA_PREFIX.length())
                                .toLowerCase(Locale.ROOT)
                                .replace('_', '.'),
                        value);
            }
        });
        present(env, BOOTSTRAP).ifPresent(value -> kafka.put("bootstrap.servers", value));
        present(env, REGISTRY).ifPresent(value -> kafka.put("schema.registry.url", value));
        return new SqlProjectionConfig(
                env.get(JDBC_URL),
                present(env, USER).orElse(null),
                present(env, PASSWORD).orElse(null),
                present(env, GROUP_ID).orElse(DEFAULT_GROUP_ID),
                present(env, TOPIC).orElse(DefaultTopics.EVENTS),
                kafka);
    }

    private static Optional<String> present(final Map<String, String> env, final String name) {
        final String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** Safe to log: no password, no secret Kafka settings. */
    @Override
    public String toString() {
        final Map<String, Object> shown = new HashMap<>();
        kafka.forEach((key, value) -> shown.put(key, secret(key) ? "[hidden]" : value));
        return "SqlProjectionConfig[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password="
                + (password == null ? "none" : "[hidden]") + ", groupId=" + groupId + ", topic=" + topic
                + ", kafka=" + shown + "]";
    }

    private static boolean secret(final String key) {
        final String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("password")
                || lower.contains("jaas")
                || lower.contains("secret")
                || lower.contains("token")
                || lower.contains("key");
    }
}
