package dev.kes.projection.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The lag arithmetic against a real broker: end offset minus committed offset, from the start when none. */
@WithKafka
class ProjectionLagTest {
    @Test
    void lagIsWhatTheGroupHasNotCommittedPerPartition(final KafkaTestCluster kafka) throws Exception {
        final String topic = TestNames.unique("lag");
        final String group = TestNames.unique("lag-group");
        kafka.createTopic(topic, 2, Map.of());
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k", "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            final ProjectionLag lag = new ProjectionLag(admin, group, topic, registry);
            lag.refresh();
            assertThat(lag(registry, 0)).as("nothing committed: all of it").isEqualTo(5);
            assertThat(lag(registry, 1)).as("an empty partition").isZero();

            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(2)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            lag.refresh();
            assertThat(lag(registry, 0)).isEqualTo(3);
        }
    }

    private static double lag(final SimpleMeterRegistry registry, final int partition) {
        final Gauge gauge = registry.find(ProjectionLag.LAG)
                .tag("partition", String.valueOf(partition))
                .gauge();
        assertThat(gauge).as("partition %d", partition).isNotNull();
        return gauge.value();
    }
}
