package dev.kes.kafka.test;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@WithKafka
class OneClusterPerJvmFirstTest {
    private static KafkaTestCluster fromBeforeAll;
    private final KafkaTestCluster fromConstructor;

    OneClusterPerJvmFirstTest(KafkaTestCluster cluster) {
        this.fromConstructor = cluster;
    }

    @BeforeAll
    static void remember(KafkaTestCluster cluster) {
        fromBeforeAll = cluster;
    }

    @Test
    void constructorBeforeAllAndMethodGetTheSameCluster(KafkaTestCluster cluster) {
        assertThat(cluster).isSameAs(fromConstructor).isSameAs(fromBeforeAll);
        assertThat(SeenClusters.record(cluster)).isEqualTo(1);
    }

    @Test
    void describesTheCluster(KafkaTestCluster cluster) {
        assertThat(cluster.bootstrapServers()).isNotBlank();
        assertThat(cluster.clientProperties()).containsOnlyKeys("bootstrap.servers");
        assertThat(cluster.provider()).isIn("external", "testcontainers", "embedded");
        assertThat(cluster.embedded().isPresent()).isEqualTo(cluster.provider().equals("embedded"));
        cluster.embedded().ifPresent(embedded -> {
            assertThat(embedded.size()).isEqualTo(1);
            assertThat(embedded.bootstrapServers()).isEqualTo(cluster.bootstrapServers());
        });
    }
}
