package dev.kes.admin.personal;

import dev.kes.domain.AccountEvent;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.mapping.EventMapping;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes events as the command service wrote them before personal data was sealed: in transactions (so markers sit
 * between them), key = accountId, timestamp = occurredAt, the holder in clear text; each with a header of its own.
 */
final class OldEvents implements AutoCloseable {
    static final String HEADER = "kes-test-seq";

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final AvroCodec codec;
    private int sequence;

    OldEvents(final KafkaTestCluster kafka, final String topic) {
        this(kafka, topic, AvroCodec.shipped());
    }

    /** Writing with {@code codec}, e.g. one with a schema registry (the Confluent framing). */
    OldEvents(final KafkaTestCluster kafka, final String topic, final AvroCodec codec) {
        this.codec = codec;
        final Map<String, Object> props = kafka.clientProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "old-writer-" + UUID.randomUUID());
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.producer.initTransactions();
        this.topic = topic;
    }

    /** One transaction holding the events, in order. */
    void write(final List<? extends AccountEvent> events) {
        producer.beginTransaction();
        for (final AccountEvent event : events) {
            send(
                    event.accountId(),
                    event.occurredAt().toEpochMilli(),
                    codec.encode(EventMapping.toAvro(
                            event,
                            event.accountId() + "#" + event.version(),
                            Metadata.newBuilder().build())));
        }
        producer.commitTransaction();
    }

    /** A record this build cannot decode, committed like the others. */
    void raw(final String key, final long timestamp, final byte[] value) {
        producer.beginTransaction();
        send(key, timestamp, value);
        producer.commitTransaction();
    }

    private void send(final String key, final long timestamp, final byte[] value) {
        final ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, timestamp, key, value);
        record.headers().add(new RecordHeader(HEADER, String.valueOf(sequence++).getBytes(StandardCharsets.UTF_8)));
        producer.send(record);
    }

    @Override
    public void close() {
        producer.close();
    }
}
