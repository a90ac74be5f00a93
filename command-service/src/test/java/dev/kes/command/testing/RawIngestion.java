package dev.kes.command.testing;

import dev.kes.schemas.serde.AvroCodec;
import dev.kes.command.CommandService;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.service.kafka.TopicNames;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * A command service of its own, and a producer that writes any key and bytes to its commands topic, as a producer
 * outside this system might. Like {@link CommandServiceFixture}, meant for an {@code @AutoClose} field.
 */
public final class RawIngestion implements AutoCloseable {
    private final CommandServiceFixture fixture;
    private final KafkaProducer<String, byte[]> producer;

    private RawIngestion(final CommandServiceFixture fixture, final KafkaProducer<String, byte[]> producer) {
        this.fixture = fixture;
        this.producer = producer;
    }

    public static RawIngestion start(final KafkaTestCluster kafka, final String name, final Path state) {
        return start(kafka, CommandServiceFixture.start(kafka, name, state));
    }

    /** With a service writing with {@code codec}. */
    public static RawIngestion start(final KafkaTestCluster kafka, final String name, final Path state,
                                     final AvroCodec codec) {
        return start(kafka, CommandServiceFixture.start(kafka, name, state, codec));
    }

    private static RawIngestion start(final KafkaTestCluster kafka, final CommandServiceFixture fixture) {
        final Map<String, Object> props = kafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new RawIngestion(fixture, new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer()));
    }

    public CommandService service() {
        return fixture.service();
    }

    public TopicNames topics() {
        return fixture.topics();
    }

    public Future<RecordMetadata> send(final String key, final byte[] value) {
        return producer.send(new ProducerRecord<>(topics().commands(), key, value));
    }

    /** To the given partition, as a producer with another partitioner than Java's default places it. */
    public Future<RecordMetadata> send(final int partition, final String key, final byte[] value) {
        return producer.send(new ProducerRecord<>(topics().commands(), partition, key, value));
    }

    public List<StoredEvent> events() {
        return fixture.events();
    }

    public List<StoredEvent> events(final String accountId) {
        return fixture.events(accountId);
    }

    public List<ConsumerRecord<String, byte[]>> deadLetters() {
        return TopicReader.readAll(fixture.kafka(), topics().dlq());
    }

    /** The events topic's records as written (either framing). */
    public List<ConsumerRecord<String, byte[]>> eventRecords() {
        return TopicReader.readAll(fixture.kafka(), topics().events());
    }

    public List<ConsumerRecord<String, byte[]>> results() {
        return TopicReader.readAll(fixture.kafka(), topics().results());
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        fixture.close();
    }
}
