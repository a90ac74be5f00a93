package dev.kes.command.testing;

import static org.awaitility.Awaitility.await;

import dev.kes.command.CommandService;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.kafka.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A command service of its own, and a producer that writes any key and bytes to its commands topic, as a producer
 * outside this system might. Like {@link CommandServiceFixture}, meant for an {@code @AutoClose} field.
 */
public final class RawIngestion implements AutoCloseable {
    private static final Duration RESULTS_WAIT = Duration.ofSeconds(30);

    private final CommandServiceFixture fixture;
    private final KafkaProducer<String, byte[]> producer;
    private final AvroCodec codec;

    private RawIngestion(
            final CommandServiceFixture fixture, final KafkaProducer<String, byte[]> producer, final AvroCodec codec) {
        this.fixture = fixture;
        this.producer = producer;
        this.codec = codec;
    }

    public static RawIngestion start(final KafkaTestCluster kafka, final String name, final Path state) {
        return start(kafka, CommandServiceFixture.start(kafka, name, state), AvroCodec.shipped());
    }

    /** With a service writing with {@code codec}. */
    public static RawIngestion start(
            final KafkaTestCluster kafka, final String name, final Path state, final AvroCodec codec) {
        return start(kafka, CommandServiceFixture.start(kafka, name, state, codec), codec);
    }

    private static RawIngestion start(
            final KafkaTestCluster kafka, final CommandServiceFixture fixture, final AvroCodec codec) {
        final Map<String, Object> props = kafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new RawIngestion(
                fixture, new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer()), codec);
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

    /** The first result of each of these commands, once all of them are on the results topic. */
    public Map<String, CommandResult> awaitResults(final String... commandIds) {
        final Set<String> wanted = Set.of(commandIds);
        return await().atMost(RESULTS_WAIT)
                .until(
                        () -> results().stream()
                                .filter(r -> wanted.contains(r.key()))
                                .collect(Collectors.toMap(
                                        ConsumerRecord::key,
                                        r -> codec.decode(r.value(), CommandResult.class),
                                        (first, retry) -> first)),
                        found -> found.keySet().containsAll(wanted));
    }

    /** Every result of this command on the results topic so far, a retried one's too. */
    public List<CommandResult> results(final String commandId) {
        return results().stream()
                .filter(r -> commandId.equals(r.key()))
                .map(r -> codec.decode(r.value(), CommandResult.class))
                .toList();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        fixture.close();
    }
}
