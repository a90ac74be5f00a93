package dev.kes.admin.testing;

import dev.kes.domain.AccountEvent;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.mapping.EventMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes events straight to an events topic as the command service does (key accountId, Avro single-object
 * encoding, timestamp = occurredAt), and raw records next to them. Each call returns once everything is acknowledged.
 */
public final class EventWriter implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final AvroCodec codec;

    public EventWriter(final KafkaTestCluster kafka, final String topic) {
        this(kafka, topic, AvroCodec.shipped());
    }

    /** Writing with {@code codec}, e.g. one with a schema registry (the Confluent framing). */
    public EventWriter(final KafkaTestCluster kafka, final String topic, final AvroCodec codec) {
        this.codec = codec;
        final Map<String, Object> props = kafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    /** @return where each event went, in the order given */
    public List<RecordMetadata> events(final List<? extends AccountEvent> events) throws Exception {
        final List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (final AccountEvent event : events) {
            final byte[] value = codec.encode(EventMapping.toAvro(
                    event,
                    event.accountId() + "#" + event.version(),
                    Metadata.newBuilder().build()));
            sent.add(producer.send(
                    new ProducerRecord<>(topic, null, event.occurredAt().toEpochMilli(), event.accountId(), value)));
        }
        final List<RecordMetadata> acks = new ArrayList<>();
        for (final Future<RecordMetadata> ack : sent) {
            acks.add(ack.get(30, TimeUnit.SECONDS));
        }
        return acks;
    }

    public RecordMetadata raw(final String key, final long timestamp, final byte[] value) throws Exception {
        return producer.send(new ProducerRecord<>(topic, null, timestamp, key, value))
                .get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        producer.close();
    }
}
