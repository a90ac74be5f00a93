package dev.kes.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

@WithKafka
class ServedTopicsTest {

    @Test
    void waitsForATopicTheBrokerDoesNotKnowYetUntilEachPartitionIsServed(final KafkaTestCluster kafka)
            throws Exception {
        final String topic = TestNames.unique("served");
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            final CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try {
                    ServedTopics.await(admin, List.of(topic), Duration.ofSeconds(30));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            kafka.createTopic(topic, 3, Map.of());

            served.get(60, TimeUnit.SECONDS);
            final Map<TopicPartition, OffsetSpec> latest = Map.of(
                    new TopicPartition(topic, 0), OffsetSpec.latest(),
                    new TopicPartition(topic, 1), OffsetSpec.latest(),
                    new TopicPartition(topic, 2), OffsetSpec.latest());
            assertThat(admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS)).hasSize(3);
        }
    }

    @Test
    void givesUpOnATopicThatNeverAppearsOnceTheTimeoutHasPassed(final KafkaTestCluster kafka) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            assertThatThrownBy(() -> ServedTopics.await(
                            admin, List.of(TestNames.unique("never-created")), Duration.ofSeconds(2)))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        }
    }
}
