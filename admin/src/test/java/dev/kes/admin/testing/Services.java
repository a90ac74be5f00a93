package dev.kes.admin.testing;

import static org.awaitility.Awaitility.await;

import dev.kes.command.CommandService;
import dev.kes.command.CommandServiceConfig;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.projection.ProjectionService;
import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.service.kafka.TopicNames;
import dev.kes.service.personal.KeyEncryptionKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/** The two services on the test cluster, with the test's own topics, application ids and state dirs. */
public final class Services {
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private Services() {}

    /** A command service, RUNNING (so its group has members) when this returns. */
    public static CommandService command(
            final KafkaTestCluster kafka, final String applicationId, final TopicNames topics, final Path stateDir) {
        final Map<String, String> config = common(kafka, applicationId, topics, stateDir);
        config.put("topic.commands", topics.commands());
        config.put("topic.results", topics.results());
        config.put("topic.dlq", topics.dlq());
        config.put("commit.interval.ms", "50");
        // imports of history (commands with occurredAt) are how tests get events spread over months
        config.put("allow.occurred.at", "true");
        final CommandService service = CommandService.start(CommandServiceConfig.of(config));
        awaitRunning(service::state, service);
        return service;
    }

    /** A projection service, RUNNING when this returns. */
    public static ProjectionService projection(
            final KafkaTestCluster kafka, final String applicationId, final TopicNames topics, final Path stateDir) {
        return projection(kafka, applicationId, topics, stateDir, Map.of());
    }

    /** A projection service with more settings (e.g. static membership), RUNNING when this returns. */
    public static ProjectionService projection(
            final KafkaTestCluster kafka,
            final String applicationId,
            final TopicNames topics,
            final Path stateDir,
            final Map<String, String> more) {
        final Map<String, String> config = common(kafka, applicationId, topics, stateDir);
        config.put("num.standby.replicas", "0");
        config.putAll(more);
        final ProjectionService service = ProjectionService.start(ProjectionServiceConfig.of(config));
        awaitRunning(service::state, service);
        return service;
    }

    /** The teardown of a test class: closes each service it started and has not stopped yet (those are null). */
    public static void closeAll(final AutoCloseable... services) throws Exception {
        for (final AutoCloseable service : services) {
            if (service != null) {
                service.close();
            }
        }
    }

    private static Map<String, String> common(
            final KafkaTestCluster kafka, final String applicationId, final TopicNames topics, final Path stateDir) {
        final Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("application.id", applicationId);
        config.put("topic.events", topics.events());
        config.put("topic.partitions", "3");
        config.put("state.dir", stateDir.toString());
        config.put("http.port", "0");
        // both services of a test share its keys topic and key-encryption key
        config.put("topic.personal.keys", topics.personalKeys());
        config.put(
                "personal.kek.file",
                KeyEncryptionKey.ensureFile(Path.of(
                                System.getProperty("java.io.tmpdir"), "kes-test-keks", topics.personalKeys() + ".kek"))
                        .toString());
        return config;
    }

    private static void awaitRunning(final Supplier<KafkaStreams.State> state, final AutoCloseable service) {
        try {
            await().atMost(STARTUP).until(() -> state.get() == KafkaStreams.State.RUNNING);
        } catch (RuntimeException | Error e) {
            try {
                service.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }
}
