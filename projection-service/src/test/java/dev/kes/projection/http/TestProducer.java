package dev.kes.projection.http;

import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.schemas.serde.AvroCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes events straight to account-events the way the command service does: key accountId, value in Avro
 * single-object encoding, record timestamp = occurredAt. Returns once every one is acknowledged.
 */
final class TestProducer {
    private TestProducer() {}

    static void produce(final KafkaTestCluster kafka, final String topic, final List<? extends SpecificRecord> events)
            throws Exception {
        final AvroCodec codec = AvroCodec.shipped();
        final List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (final SpecificRecord event : events) {
            final String accountId =
                    event.get(event.getSchema().getField("accountId").pos()).toString();
            final Instant at =
                    (Instant) event.get(event.getSchema().getField("occurredAt").pos());
            records.add(new ProducerRecord<>(topic, null, at.toEpochMilli(), accountId, codec.encode(event)));
        }
        send(kafka, records);
    }

    /** Any records as they are (for bytes no current writer would produce); returns once all are acknowledged. */
    static void send(final KafkaTestCluster kafka, final List<ProducerRecord<String, byte[]>> records)
            throws Exception {
        final Map<String, Object> props = kafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            final List<Future<RecordMetadata>> sent = new ArrayList<>();
            // one producer, one partition per key: each account's events stay in version order
            for (final ProducerRecord<String, byte[]> record : records) {
                sent.add(producer.send(record));
            }
            for (final Future<RecordMetadata> ack : sent) {
                ack.get(30, TimeUnit.SECONDS);
            }
        }
    }
}
