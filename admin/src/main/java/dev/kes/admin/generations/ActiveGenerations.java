package dev.kes.admin.generations;

import dev.kes.admin.AdminException;
import dev.kes.admin.kafka.AdminCalls;
import dev.kes.admin.kafka.Clients;
import dev.kes.admin.kafka.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Which generation of each projection serves, in a compacted control topic (key: the projection's base
 * {@code application.id}, value: the active generation's application id). No record: the base id itself is active,
 * as for every projection that never went through a cutover (docs/adr/0014-projection-generations.md).
 */
public final class ActiveGenerations {
    /** The control topic's default name. */
    public static final String TOPIC = "kes-projection-generations";

    private final Map<String, ?> kafka;
    private final Admin admin;
    private final Duration timeout;
    private final String topic;

    public ActiveGenerations(
            final Map<String, ?> kafka, final Admin admin, final Duration timeout, final String topic) {
        this.kafka = kafka;
        this.admin = admin;
        this.timeout = timeout;
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }

    /** The application id serving projection {@code base} now. */
    public String active(final String base) {
        return recorded(base).orElse(base);
    }

    /** The last record for {@code base}, read from the beginning of the control topic to its end. */
    public Optional<String> recorded(final String base) {
        final Topics topics = new Topics(admin, timeout);
        if (!topics.names().contains(topic)) {
            return Optional.empty();
        }
        final List<TopicPartition> partitions = topics.partitions(topic);
        final Map<TopicPartition, Long> end = topics.offsets(partitions, OffsetSpec.latest());
        String active = null;
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(Clients.consumer(kafka), new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AdminException(
                            "reading " + topic + " made no progress for " + timeout.toSeconds() + " s");
                }
                for (final ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (base.equals(record.key())) {
                        active = record.value();
                    }
                }
            }
        }
        return Optional.ofNullable(active);
    }

    /** Records {@code applicationId} as the active generation of {@code base}, creating the topic when missing. */
    public void record(final String base, final String applicationId, final short replicationFactor) {
        ensureTopic(replicationFactor);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(Clients.producer(kafka), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, base, applicationId))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AdminException("recording the active generation in " + topic + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException("interrupted while recording the active generation", e);
        }
    }

    private void ensureTopic(final short replicationFactor) {
        final Topics topics = new Topics(admin, timeout);
        if (topics.names().contains(topic)) {
            return;
        }
        final Map<String, String> configs = new HashMap<>();
        configs.put("cleanup.policy", "compact");
        try {
            AdminCalls.await(
                    admin.createTopics(List.of(new NewTopic(
                                            topic,
                                            Optional.of(1),
                                            replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor))
                                    .configs(configs)))
                            .all(),
                    timeout,
                    "creating the control topic " + topic);
        } catch (AdminException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        topics.awaitServed(topic);
    }
}
