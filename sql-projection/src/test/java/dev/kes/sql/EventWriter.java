package dev.kes.sql;

import dev.kes.schemas.serde.AvroCodec;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes events to the events topic as the command service does: key = account id, the shipped Avro encoding (or
 * another given encoding, e.g. a registry codec's), in Kafka transactions (so that commit markers leave gaps between
 * the events' offsets).
 */
final class EventWriter implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final Function<SpecificRecord, byte[]> encoding;

    EventWriter(final Map<String, Object> kafka, final String topic) {
        this(kafka, topic, AvroCodec.shipped()::encode);
    }

    EventWriter(final Map<String, Object> kafka, final String topic, final Function<SpecificRecord, byte[]> encoding) {
        this.encoding = encoding;
        final Map<String, Object> props = new java.util.HashMap<>(kafka);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sql-test-" + UUID.randomUUID());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
        producer.initTransactions();
    }

    /** One transaction holding {@code events}. */
    void write(final List<SpecificRecord> events) {
        producer.beginTransaction();
        for (final SpecificRecord event : events) {
            producer.send(
                    new ProducerRecord<>(topic, (String) Events.field(event, "accountId"), encoding.apply(event)));
        }
        producer.commitTransaction();
    }

    @Override
    public void close() {
        producer.close();
    }
}
