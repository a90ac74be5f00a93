package dev.kes.command.testing;

import dev.kes.command.CommandService;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.service.kafka.TopicNames;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * A command service of its own, and a producer that writes any key and bytes to its commands topic, as a producer
 * outside this system might.
 */
public final class RawIngestion implements AutoCloseable {
    private final CommandService service;
    private final TopicNames topics;
    private final KafkaProducer<String, byte[]> producer;

    private RawIngestion(final CommandService service, final TopicNames topics,
                         final KafkaProducer<String, byte[]> producer) {
        this.service = service;
        this.topics = topics;
        this.producer = producer;
    }

    public static RawIngestion start(final KafkaTestCluster kafka, final String name, final Path state) {
        final Map<String, String> config = TestServices.config(kafka, name, state);
        final CommandService service = TestServices.startReady(config);
        final Map<String, Object> props = kafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new RawIngestion(service, TestServices.topics(config),
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer()));
    }

    public CommandService service() {
        return service;
    }

    public TopicNames topics() {
        return topics;
    }

    public Future<RecordMetadata> send(final String key, final byte[] value) {
        return producer.send(new ProducerRecord<>(topics.commands(), key, value));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        service.close();
    }
}
