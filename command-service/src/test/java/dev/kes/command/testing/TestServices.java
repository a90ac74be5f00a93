package dev.kes.command.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.command.CommandService;
import dev.kes.command.CommandServiceConfig;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.schemas.registry.Codecs;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.kafka.TopicNames;
import dev.kes.service.personal.KeyEncryptionKey;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Command services for the tests: unique topics and application id per test class, any free HTTP port. */
public final class TestServices {
    private TestServices() {}

    /** The configuration of a fresh service (own topics and application id); add keys before starting it. */
    public static Map<String, String> config(final KafkaTestCluster kafka, final String name, final Path stateDir) {
        final String prefix = TestNames.unique(name);
        final TopicNames topics = TopicNames.prefixed(prefix);
        final Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("application.id", prefix);
        config.putAll(topics.settings());
        config.put("topic.partitions", "3");
        config.put("state.dir", stateDir.toString());
        config.put("http.port", "0");
        // a key-encryption key of this test's own, shared by all its instances (each state dir would make its own)
        config.put(
                "personal.kek.file",
                KeyEncryptionKey.ensureFile(
                                Path.of(System.getProperty("java.io.tmpdir"), "kes-test-keks", prefix + ".kek"))
                        .toString());
        return config;
    }

    public static TopicNames topics(final Map<String, String> config) {
        return CommandServiceConfig.of(config).topics();
    }

    /** Starts the service and waits until {@code /health/ready} says it takes commands. */
    public static CommandService startReady(final Map<String, String> config) {
        return ready(CommandService.start(CommandServiceConfig.of(config)));
    }

    /** Starts the service writing with {@code codec} (e.g. over an in-memory schema registry) and waits as above. */
    public static CommandService startReady(final Map<String, String> config, final AvroCodec codec) {
        return ready(CommandService.start(CommandServiceConfig.of(config), codec));
    }

    /** Starts the service tracing with {@code openTelemetry} (e.g. an SDK with an in-memory exporter) and waits. */
    public static CommandService startReady(final Map<String, String> config, final OpenTelemetry openTelemetry) {
        final CommandServiceConfig configured = CommandServiceConfig.of(config);
        return ready(CommandService.start(configured, Codecs.fromConfig(configured.schemaRegistry()), openTelemetry));
    }

    private static CommandService ready(final CommandService service) {
        final HttpTestClient http = new HttpTestClient(service.httpPort());
        try {
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() ->
                            assertThat(http.get("/health/ready").statusCode()).isEqualTo(200));
        } catch (RuntimeException | AssertionError e) {
            service.close();
            throw e;
        }
        return service;
    }

    public static HttpTestClient http(final CommandService service) {
        return new HttpTestClient(service.httpPort());
    }

    /** Opens an account through HTTP and checks it worked. */
    public static void open(final HttpTestClient http, final String accountId, final String initialDeposit) {
        try {
            final var response = http.postJson(
                    "/accounts",
                    "{\"accountId\":\"" + accountId + "\",\"holder\":\"Test Holder\",\"initialDeposit\":\""
                            + initialDeposit + "\"}");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
