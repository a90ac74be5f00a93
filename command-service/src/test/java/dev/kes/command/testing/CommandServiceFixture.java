package dev.kes.command.testing;

import dev.kes.command.CommandService;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.kafka.TopicNames;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One ready command service with its own topics and application id, shared by the tests of a class. Hold it in an
 * {@code @AutoClose} field, started in {@code @BeforeAll}: JUnit then closes it after the class's last test, which
 * saves every such class the same null-checking {@code @AfterAll}.
 */
public record CommandServiceFixture(
        KafkaTestCluster kafka, TopicNames topics, CommandService service, HttpTestClient http)
        implements AutoCloseable {

    /** {@code name} prefixes the topics and the application id (made unique per call). */
    public static CommandServiceFixture start(final KafkaTestCluster kafka, final String name, final Path state) {
        final Map<String, String> config = TestServices.config(kafka, name, state);
        final CommandService service = TestServices.startReady(config);
        return new CommandServiceFixture(kafka, TestServices.topics(config), service, TestServices.http(service));
    }

    /** The same, writing with {@code codec}. */
    public static CommandServiceFixture start(
            final KafkaTestCluster kafka, final String name, final Path state, final AvroCodec codec) {
        final Map<String, String> config = TestServices.config(kafka, name, state);
        final CommandService service = TestServices.startReady(config, codec);
        return new CommandServiceFixture(kafka, TestServices.topics(config), service, TestServices.http(service));
    }

    /** Every event on this service's events topic, decoded. */
    public List<StoredEvent> events() {
        return TopicReader.events(kafka, topics.events());
    }

    /** One account's events on this service's events topic, in offset order. */
    public List<StoredEvent> events(final String accountId) {
        return TopicReader.events(kafka, topics.events(), accountId);
    }

    @Override
    public void close() {
        service.close();
    }
}
