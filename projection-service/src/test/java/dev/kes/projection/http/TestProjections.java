package dev.kes.projection.http;

import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.projection.ProjectionService;
import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.service.kafka.TopicNames;
import dev.kes.service.personal.KeyEncryptionKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Projection services for the tests: the keys every one of them sets, in one place. */
final class TestProjections {
    private TestProjections() {}

    /**
     * An instance reading {@code TopicNames.prefixed(prefix).events()} under application id {@code prefix} (a
     * unique one per test, from {@code TestNames.unique}), on any free HTTP port, without standby replicas. The map
     * is mutable: a test adds or overrides keys before starting the service.
     */
    static Map<String, String> config(
            final KafkaTestCluster kafka, final String prefix, final int partitions, final Path state) {
        final Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("application.id", prefix);
        config.put("topic.events", TopicNames.prefixed(prefix).events());
        config.put("topic.partitions", String.valueOf(partitions));
        config.put("http.port", "0");
        config.put("state.dir", state.toString());
        config.put("num.standby.replicas", "0");
        config.put("topic.personal.keys", TopicNames.prefixed(prefix).personalKeys());
        config.put("personal.kek.file", kekFile(prefix));
        return config;
    }

    /** One key-encryption key per test prefix, shared by all of that test's instances (and its command service). */
    static synchronized String kekFile(final String prefix) {
        final Path file = Path.of(System.getProperty("java.io.tmpdir"), "kes-test-keks", prefix + ".kek");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, KeyEncryptionKey.newBase64());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file.toString();
    }

    /** A service started with just {@link #config}: for tests that need nothing else set. */
    static ProjectionService start(
            final KafkaTestCluster kafka, final String prefix, final int partitions, final Path state) {
        return ProjectionService.start(ProjectionServiceConfig.of(config(kafka, prefix, partitions, state)));
    }
}
