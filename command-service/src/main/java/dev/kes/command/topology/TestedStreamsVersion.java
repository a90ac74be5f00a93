package dev.kes.command.topology;

import dev.kes.service.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The Kafka Streams versions {@link AccountStateStore} was tested with: it relies on when Kafka Streams flushes an
 * internal interface, which an upgrade may change without notice, so any other version is refused at start (ADR 0013).
 * Add a version here only after the command-service suite passed on it.
 */
final class TestedStreamsVersion {
    static final Set<String> TESTED = Set.of("4.4.0");
    private static final String VERSION_FILE = "/kafka/kafka-streams-version.properties";

    private TestedStreamsVersion() {}

    /** The version of the Kafka Streams on the classpath, as its jar states it. */
    static String running() {
        try (InputStream in = KafkaStreams.class.getResourceAsStream(VERSION_FILE)) {
            if (in == null) {
                return "unknown (no " + VERSION_FILE + " on the classpath)";
            }
            final Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + VERSION_FILE, e);
        }
    }

    static void require(final String running) {
        if (!TESTED.contains(running)) {
            throw new ConfigException("account.state.store=internal-api relies on Kafka Streams internals tested with "
                    + String.join(", ", TESTED) + " only, and this classpath has Kafka Streams " + running
                    + ". Set account.state.store=public-api (public API only, fewer commands/s; ADR 0013), or run"
                    + " the command-service tests on " + running + " and add it to TestedStreamsVersion.");
        }
    }
}
