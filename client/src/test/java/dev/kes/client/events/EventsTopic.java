package dev.kes.client.events;

import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.serde.AvroCodec;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** A fresh events topic of the test cluster and a producer that writes events to chosen partitions, as the services do. */
final class EventsTopic implements AutoCloseable {
    static final Instant AT = Instant.parse("2026-02-01T09:00:00Z");

    private final KafkaTestCluster kafka;
    private final String name;
    private final KafkaProducer<String, byte[]> producer;

    EventsTopic(final KafkaTestCluster kafka, final String prefix, final int partitions) {
        this.kafka = kafka;
        this.name = TestNames.unique(prefix);
        kafka.createTopic(name, partitions, Map.of());
        final Map<String, Object> props = kafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    String name() {
        return name;
    }

    /** A deposit of {@code version} into {@code account}, written to {@code partition}; returns its offset. */
    long deposit(final int partition, final String account, final long version) {
        return write(partition, null, account, AvroCodec.shipped().encode(deposited(account, version)));
    }

    long write(final int partition, final Long timestamp, final String key, final byte[] value) {
        try {
            final RecordMetadata written = producer.send(new ProducerRecord<>(name, partition, timestamp, key, value))
                    .get();
            return written.offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write to " + name, e.getCause());
        }
    }

    /** A producer with a transactional id of its own, for writes that commit or abort. */
    KafkaProducer<String, byte[]> transactionalProducer() {
        final Map<String, Object> props = kafka.clientProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TestNames.unique("tx"));
        final KafkaProducer<String, byte[]> tx =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        tx.initTransactions();
        return tx;
    }

    static MoneyDeposited deposited(final String account, final long version) {
        return MoneyDeposited.newBuilder()
                .setEventId(account + "-" + version)
                .setAccountId(account)
                .setVersion(version)
                .setOccurredAt(AT.plusSeconds(version))
                .setMetadata(Metadata.newBuilder().build())
                .setAmount(new BigDecimal("1.00"))
                .setDescription("deposit " + version)
                .setBalanceAfter(new BigDecimal(version + ".00"))
                .build();
    }

    static byte[] encode(final SpecificRecord record) {
        return AvroCodec.shipped().encode(record);
    }

    @Override
    public void close() {
        producer.close();
    }
}
