package dev.kes.admin.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

@WithKafka
class TopicsTest {
    @Test
    void awaitServedWaitsForATopicTheBrokerDoesNotKnowYetInsteadOfFailing(final KafkaTestCluster kafka)
            throws Exception {
        final String topic = TestNames.unique("served");
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            final Topics topics = new Topics(admin, Duration.ofSeconds(30));
            final CompletableFuture<Void> served = CompletableFuture.runAsync(() -> topics.awaitServed(topic));
            kafka.createTopic(topic, 3, Map.of());

            served.get(60, TimeUnit.SECONDS);
            assertThat(topics.partitions(topic)).hasSize(3);
        }
    }
}
