package dev.kes.registry;

import dev.kes.service.kafka.TopicProvisioner;
import dev.kes.service.kafka.TopicSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage topic: one partition, compacted. A reader thread folds every record into the {@link RegistryState}
 * from the beginning; a write is acknowledged by all in-sync replicas and then waited for until the reader has
 * applied it, so that an answer never reports a state the topic does not hold.
 */
final class SchemaLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaLog.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final SchemaRegistryConfig config;
    private final TopicPartition partition;
    private final RegistryState state;
    private final Admin admin;
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;
    private final Thread reader;
    private final Object progress = new Object();
    /** The offset after the last record applied; -1 until the reader's first poll. Guarded by {@link #progress}. */
    private long applied = -1;
    /** Why the reader stopped, when it stopped on an error. Guarded by {@link #progress}. */
    private RuntimeException failure;

    private volatile boolean closing;

    private SchemaLog(final SchemaRegistryConfig config, final RegistryState state) {
        this.config = config;
        this.state = state;
        this.partition = new TopicPartition(config.topic(), 0);
        this.admin = Admin.create(clientProperties(Map.of()));
        try {
            TopicProvisioner.ensure(
                    admin, List.of(TopicSpec.compacted(config.topic(), 1, config.replicationFactor(), Map.of())));
            this.producer = new KafkaProducer<>(
                    clientProperties(Map.of(
                            ProducerConfig.ACKS_CONFIG,
                            "all",
                            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                            true,
                            ProducerConfig.LINGER_MS_CONFIG,
                            0)),
                    new StringSerializer(),
                    new StringSerializer());
        } catch (RuntimeException e) {
            admin.close();
            throw e;
        }
        try {
            this.consumer = new KafkaConsumer<>(
                    clientProperties(Map.of(
                            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                            false,
                            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                            "earliest")),
                    new StringDeserializer(),
                    new StringDeserializer());
        } catch (RuntimeException e) {
            producer.close();
            admin.close();
            throw e;
        }
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        this.reader = new Thread(this::read, "schema-registry-reader");
        reader.setDaemon(true);
    }

    /** Creates the topic if missing, starts the reader and returns once it has applied the whole topic. */
    static SchemaLog open(final SchemaRegistryConfig config, final RegistryState state) {
        final SchemaLog log = new SchemaLog(config, state);
        log.reader.start();
        try {
            log.syncToEnd();
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
        return log;
    }

    private Map<String, Object> clientProperties(final Map<String, Object> specific) {
        final Map<String, Object> properties = new HashMap<>(config.kafka());
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        properties.put(CommonClientConfigs.CLIENT_ID_CONFIG, "kes-schema-registry");
        properties.putAll(specific);
        return properties;
    }

    private void read() {
        try {
            while (!closing) {
                for (final ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                    state.apply(StorageFormat.decode(record.key(), record.value()), record.offset());
                }
                final long position = consumer.position(partition);
                synchronized (progress) {
                    applied = position;
                    progress.notifyAll();
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                stopped(new IllegalStateException("the storage topic reader was woken up", e));
            }
        } catch (RuntimeException e) {
            LOG.error("the storage topic reader stopped; the registry answers no more writes", e);
            stopped(e);
        } finally {
            consumer.close();
        }
    }

    private void stopped(final RuntimeException cause) {
        synchronized (progress) {
            failure = cause;
            progress.notifyAll();
        }
    }

    /** Returns once every record in the topic now has been applied; what another registry wrote is then seen. */
    void syncToEnd() {
        final long end = await(
                        admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                                .partitionResult(partition),
                        "read the end of",
                        "reading the end of")
                .offset();
        awaitApplied(end);
    }

    /** Writes a record (acks=all) and returns once the reader has applied it. */
    void append(final String key, final String value) {
        final long offset = await(
                        producer.send(new ProducerRecord<>(config.topic(), 0, key, value)), "write to", "writing to")
                .offset();
        awaitApplied(offset + 1);
    }

    /**
     * The answer of a request about the topic within the timeout; a failure as a store error that says what was
     * done to it ({@code doing}, e.g. "writing to") or could not be ({@code verb}, e.g. "write to").
     */
    private <T> T await(final Future<T> request, final String verb, final String doing) {
        try {
            return request.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.storeError("interrupted while " + doing + " " + config.topic());
        } catch (ExecutionException e) {
            throw RegistryException.storeError("cannot " + verb + " " + config.topic() + ": " + e.getCause());
        } catch (TimeoutException e) {
            throw RegistryException.storeTimeout(doing + " " + config.topic());
        }
    }

    private void awaitApplied(final long offset) {
        final long deadline = System.nanoTime() + config.timeout().toNanos();
        synchronized (progress) {
            while (applied < offset) {
                if (failure != null) {
                    throw RegistryException.storeError("the storage topic reader stopped: " + failure.getMessage());
                }
                final long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw RegistryException.storeTimeout("reading " + config.topic() + " up to offset " + offset);
                }
                try {
                    progress.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw RegistryException.storeError("interrupted while reading " + config.topic());
                }
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        if (reader.isAlive()) {
            try {
                reader.join(config.timeout().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (reader.getState() == Thread.State.NEW) {
            consumer.close();
        }
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
