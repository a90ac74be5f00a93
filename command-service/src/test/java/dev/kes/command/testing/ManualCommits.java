package dev.kes.command.testing;

import dev.kes.command.CommandServiceConfig;
import dev.kes.command.CommandTopics;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.service.kafka.TopicProvisioner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * A command topology whose commit interval does not pass within a test, for the tests of what else makes it commit
 * (ADR 0011), and what they count and send.
 */
public final class ManualCommits {
    /** A commit interval no test waits out. */
    public static final Duration NEVER = Duration.ofMinutes(5);

    private ManualCommits() {}

    /** {@link TestServices#config} with a commit interval of {@link #NEVER} and {@code more}; topics created. */
    public static CommandServiceConfig config(
            final KafkaTestCluster kafka, final String name, final Path state, final Map<String, String> more) {
        final Map<String, String> settings = TestServices.config(kafka, name, state);
        settings.put("commit.interval.ms", String.valueOf(NEVER.toMillis()));
        // Kafka Streams refuses a commit interval longer than the transaction timeout
        settings.put(
                "streams.producer.transaction.timeout.ms",
                String.valueOf(NEVER.multipliedBy(2).toMillis()));
        settings.putAll(more);
        final CommandServiceConfig config = CommandServiceConfig.of(settings);
        try (Admin admin = Admin.create(config.kafka())) {
            TopicProvisioner.ensure(admin, CommandTopics.specs(config), config.minInsyncReplicas());
        }
        return config;
    }

    /** The commits the stream threads have made so far. */
    public static double commits(final KafkaStreams streams) {
        return streams.metrics().values().stream()
                .filter(metric -> metric.metricName().group().equals("stream-thread-metrics")
                        && metric.metricName().name().equals("commit-total"))
                .mapToDouble(metric -> ((Number) metric.metricValue()).doubleValue())
                .sum();
    }

    /** A producer of encoded commands, acks=all. */
    public static KafkaProducer<String, byte[]> producer(final KafkaTestCluster kafka) {
        final Map<String, Object> props = kafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** An encoded command for the commands topic of {@code config}. */
    public static ProducerRecord<String, byte[]> command(
            final CommandServiceConfig config, final String key, final byte[] value) {
        return new ProducerRecord<>(config.topics().commands(), key, value);
    }
}
