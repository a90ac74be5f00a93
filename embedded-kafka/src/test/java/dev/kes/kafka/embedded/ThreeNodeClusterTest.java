package dev.kes.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;

class ThreeNodeClusterTest {

    @Test
    void survivesOneStoppedBrokerWithAcksAllAndMinIsrTwo() throws Exception {
        try (EmbeddedKafkaCluster cluster =
                EmbeddedKafkaCluster.builder().brokers(3).build().start()) {
            String bootstrap = cluster.bootstrapServers();
            assertThat(cluster.size()).isEqualTo(3);
            assertThat(bootstrap.split(",")).hasSize(3).allMatch(s -> s.startsWith("127.0.0.1:"));
            Clients.createTopic(bootstrap, "replicated", 3, 3, Map.of("min.insync.replicas", "2"));

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                    KafkaProducer<String, String> producer = Clients.producer(bootstrap, Map.of())) {
                assertThat(brokerIds(admin)).containsExactlyInAnyOrder(0, 1, 2);
                send(producer, "before-");

                cluster.stopBroker(1);
                assertThat(brokerIds(admin)).containsExactlyInAnyOrder(0, 2);
                send(producer, "during-"); // acks=all with ISR {0,2} >= min.insync.replicas=2

                cluster.startBroker(1);
                assertThat(brokerIds(admin)).containsExactlyInAnyOrder(0, 1, 2);
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> isrs(admin).stream().allMatch(isr -> isr.size() == 3));
                send(producer, "after-");
            }
            assertThat(Clients.consume(bootstrap, "replicated", "read_committed", 30))
                    .hasSize(30);
        }
    }

    private static void send(KafkaProducer<String, String> producer, String prefix) throws Exception {
        for (int i = 0; i < 10; i++) {
            producer.send(new ProducerRecord<>("replicated", prefix + i, prefix + i))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static Set<Integer> brokerIds(Admin admin) throws Exception {
        return admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                .map(Node::id)
                .collect(Collectors.toSet());
    }

    private static List<List<Node>> isrs(Admin admin) throws Exception {
        TopicDescription description = admin.describeTopics(List.of("replicated"))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get("replicated");
        return description.partitions().stream().map(TopicPartitionInfo::isr).toList();
    }
}
