package dev.kes.command.testing;

import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Holds every result back from the services' result listeners, with Kafka's own semantics: a transaction left open on
 * each partition of the results topic stops {@code read_committed} readers at its first record, so results the
 * processor commits meanwhile are stored but not seen. {@link #close()} aborts it, and the held results arrive.
 */
public final class HeldResults implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private boolean open;

    private HeldResults(final KafkaProducer<String, byte[]> producer) {
        this.producer = producer;
    }

    public static HeldResults hold(final KafkaTestCluster kafka, final String resultsTopic) {
        final Map<String, Object> props = kafka.clientProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TestNames.unique("held-results"));
        final KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        final HeldResults held = new HeldResults(producer);
        try {
            producer.initTransactions();
            producer.beginTransaction();
            held.open = true;
            final int partitions = producer.partitionsFor(resultsTopic).size();
            final List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int partition = 0; partition < partitions; partition++) {
                sent.add(producer.send(new ProducerRecord<>(resultsTopic, partition, "held", new byte[0])));
            }
            for (final Future<RecordMetadata> record : sent) {
                // appended: from here on every read_committed reader stops before it
                record.get(30, TimeUnit.SECONDS);
            }
            return held;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            held.close();
            throw new IllegalStateException("interrupted while holding " + resultsTopic, e);
        } catch (ExecutionException | TimeoutException e) {
            held.close();
            throw new IllegalStateException("could not hold " + resultsTopic, e);
        } catch (RuntimeException e) {
            held.close();
            throw e;
        }
    }

    /** Aborts the transaction: the results committed behind it become visible (idempotent). */
    @Override
    public void close() {
        try {
            if (open) {
                open = false;
                producer.abortTransaction();
            }
        } finally {
            producer.close(Duration.ofSeconds(10));
        }
    }
}
