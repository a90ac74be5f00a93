package dev.kes.service.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Flat configuration read, lowest precedence first, from: built-in defaults, an optional properties file,
 * environment variables, then explicit overrides (command line, tests).
 *
 * <p>Keys are dotted ({@code http.port}, {@code kafka.bootstrap.servers}). Environment variables map onto them:
 * {@code KAFKA_BOOTSTRAP_SERVERS} is {@code kafka.bootstrap.servers}, {@code KES_HTTP_PORT} is {@code http.port}.
 * Every {@code kafka.*} key is handed to the Kafka clients as is, so SASL/SSL settings need no code. Values of
 * sensitive keys ({@link Secrets}) never appear in {@link #toString()} or in the messages of this class.
 */
public final class Settings {
    public static final String FILE_ENV = "KES_CONFIG_FILE";
    private static final String KAFKA_PREFIX = "kafka.";
    private static final String KES_ENV_PREFIX = "KES_";
    private static final String KAFKA_ENV_PREFIX = "KAFKA_";

    private final Map<String, String> values;
    /** Told of every key and prefix read: how {@link ConfigKeys#readBy} learns a service's keys from its code. */
    private final KeyReads reads;

    private Settings(final Map<String, String> values) {
        this(values, KeyReads.IGNORED);
    }

    private Settings(final Map<String, String> values, final KeyReads reads) {
        this.values = Map.copyOf(values);
        this.reads = reads;
    }

    /** These settings, telling {@code reads} of each key and prefix read (for {@link ConfigKeys#readBy}). */
    static Settings recording(final Map<String, String> values, final KeyReads reads) {
        return new Settings(values, reads);
    }

    public static Settings of(final Map<String, String> values) {
        return new Settings(values);
    }

    /** Defaults, then the file named by {@value #FILE_ENV} (if any), then the environment, then overrides. */
    public static Settings load(
            final Map<String, String> defaults, final Map<String, String> env, final Map<String, String> overrides) {
        final Map<String, String> merged = new TreeMap<>(defaults);
        final String file = env.get(FILE_ENV);
        if (file != null && !file.isBlank()) {
            merged.putAll(readFile(Path.of(file)));
        }
        merged.putAll(fromEnvironment(env));
        merged.putAll(overrides);
        return new Settings(merged);
    }

    public static Map<String, String> readFile(final Path file) {
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration file " + file, e);
        }
        final Map<String, String> map = new TreeMap<>();
        properties
                .stringPropertyNames()
                .forEach(name -> map.put(name, properties.getProperty(name).strip()));
        return map;
    }

    static Map<String, String> fromEnvironment(final Map<String, String> env) {
        final Map<String, String> map = new TreeMap<>();
        env.forEach((name, value) -> keyOfEnvironmentVariable(name).ifPresent(key -> map.put(key, value)));
        return map;
    }

    /**
     * The key an environment variable sets: {@code KAFKA_FOO_BAR} → {@code kafka.foo.bar}, {@code KES_FOO_BAR} →
     * {@code foo.bar}; empty for any other variable and for {@value #FILE_ENV}, which names the file instead.
     */
    public static Optional<String> keyOfEnvironmentVariable(final String name) {
        if (name.equals(FILE_ENV)) {
            return Optional.empty();
        }
        if (name.startsWith(KAFKA_ENV_PREFIX)) {
            return Optional.of(KAFKA_PREFIX + dotted(name.substring(KAFKA_ENV_PREFIX.length())));
        }
        if (name.startsWith(KES_ENV_PREFIX)) {
            return Optional.of(dotted(name.substring(KES_ENV_PREFIX.length())));
        }
        return Optional.empty();
    }

    private static String dotted(final String envName) {
        return envName.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    public Settings with(final String key, final String value) {
        final Map<String, String> copy = new TreeMap<>(values);
        copy.put(key, value);
        return new Settings(copy, reads);
    }

    public String get(final String key) {
        reads.key(key);
        final String value = values.get(key);
        if (value == null || value.isBlank()) {
            throw new ConfigException("missing configuration key '" + key + "'");
        }
        return value;
    }

    public String get(final String key, final String fallback) {
        reads.key(key);
        final String value = values.get(key);
        return value == null || value.isBlank() ? fallback : value;
    }

    public int getInt(final String key) {
        return integer(key, Integer::parseInt);
    }

    public long getLong(final String key) {
        return integer(key, Long::parseLong);
    }

    private <T> T integer(final String key, final Function<String, T> parse) {
        try {
            return parse.apply(get(key));
        } catch (NumberFormatException e) {
            throw new ConfigException(
                    "configuration key '" + key + "' must be an integer, got '" + Secrets.shown(key, get(key)) + "'");
        }
    }

    public boolean getBoolean(final String key) {
        final String value = get(key).toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new ConfigException(
                    "configuration key '" + key + "' must be true or false, got '" + Secrets.shown(key, value) + "'");
        }
        return Boolean.parseBoolean(value);
    }

    public Duration getMillis(final String key) {
        return Duration.ofMillis(getLong(key));
    }

    /** Every {@code kafka.*} key without its prefix: the properties every Kafka client of the service gets. */
    public Map<String, Object> kafkaClientProperties() {
        return withPrefix(KAFKA_PREFIX);
    }

    /** Every key under a prefix, without it (for example {@code streams.} for Kafka Streams overrides). */
    public Map<String, Object> withPrefix(final String prefix) {
        reads.prefix(prefix);
        final Map<String, Object> map = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                map.put(key.substring(prefix.length()), value);
            }
        });
        return map;
    }

    public Map<String, String> asMap() {
        return values;
    }

    /** Every key with its value, secrets masked (see {@link Secrets}): safe to log. */
    @Override
    public String toString() {
        return Secrets.redacted(values).toString();
    }
}
