package dev.kes.shipped;

import dev.kes.service.personal.KeyEncryptionKey;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The environment of one shipped service jar of a test: its own application id, state and port, shared topics. */
final class ServiceEnv {
    /** One key-encryption key for all of this run's jars, passed as a variable (README "Personal data"). */
    private static final String KEK = KeyEncryptionKey.newBase64();

    private ServiceEnv() {}

    /** The variables of service {@code name}; {@code prefix} names this test's topics and application ids. */
    static Map<String, String> of(
            final String bootstrapServers, final String prefix, final Path dir, final String name, final int port) {
        final Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("KES_APPLICATION_ID", prefix + "-" + name);
        env.put("KES_TOPIC_COMMANDS", topic(prefix, "account-commands"));
        env.put("KES_TOPIC_EVENTS", topic(prefix, "account-events"));
        env.put("KES_TOPIC_RESULTS", topic(prefix, "account-command-results"));
        env.put("KES_TOPIC_DLQ", topic(prefix, "account-commands-dlq"));
        env.put("KES_TOPIC_PARTITIONS", "3");
        env.put("KES_STATE_DIR", dir.resolve(name + "-state").toString());
        env.put("KES_HTTP_PORT", String.valueOf(port));
        env.put("KES_PERSONAL_KEK_ENV", "TEST_KEK");
        env.put("TEST_KEK", KEK);
        env.put("KES_TOPIC_PERSONAL_KEYS", topic(prefix, "kes-personal-keys"));
        return env;
    }

    static String topic(final String prefix, final String name) {
        return prefix + "." + name;
    }
}
