package dev.kes.kafka.test;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A second class: whatever the order of the classes, only one cluster instance is ever handed out. */
@WithKafka
class OneClusterPerJvmSecondTest {

    @Test
    void getsTheSameClusterAsTheOtherClass(KafkaTestCluster cluster) {
        assertThat(SeenClusters.record(cluster)).isEqualTo(1);
    }
}
