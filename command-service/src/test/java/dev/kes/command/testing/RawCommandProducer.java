package dev.kes.command.testing;

import dev.kes.kafka.test.KafkaTestCluster;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Future;

/** Writes any key and bytes to the commands topic, as a producer outside this system might. */
public final class RawCommandProducer implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    public RawCommandProducer(final KafkaTestCluster kafka, final String topic) {
        final Map<String, Object> props = kafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    public Future<RecordMetadata> send(final String key, final byte[] value) {
        return producer.send(new ProducerRecord<>(topic, key, value));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
