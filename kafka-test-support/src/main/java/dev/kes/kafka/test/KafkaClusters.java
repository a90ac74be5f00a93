package dev.kes.kafka.test;

import dev.kes.kafka.embedded.EmbeddedKafkaCluster;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.kafka.KafkaContainer;

/** Starts the cluster a {@link ProviderChoice} names. */
final class KafkaClusters {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaClusters.class);

    private KafkaClusters() {}

    static DefaultKafkaTestCluster start(ProviderChoice choice) {
        long begin = System.nanoTime();
        DefaultKafkaTestCluster cluster = switch (choice.provider()) {
            case ProviderChoice.EXTERNAL ->
                new DefaultKafkaTestCluster(
                        ProviderChoice.EXTERNAL, choice.bootstrapServers(), Optional.empty(), () -> {});
            case ProviderChoice.TESTCONTAINERS -> testcontainers(choice.image());
            default -> embedded();
        };
        LOG.info(
                "Kafka for tests: {} at {} (ready in {} ms)",
                cluster.provider(),
                cluster.bootstrapServers(),
                (System.nanoTime() - begin) / 1_000_000);
        return cluster;
    }

    private static DefaultKafkaTestCluster testcontainers(String image) {
        KafkaContainer container = new KafkaContainer(image);
        container.start();
        return new DefaultKafkaTestCluster(
                ProviderChoice.TESTCONTAINERS, container.getBootstrapServers(), Optional.empty(), container::stop);
    }

    private static DefaultKafkaTestCluster embedded() {
        EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().build().start();
        return new DefaultKafkaTestCluster(
                ProviderChoice.EMBEDDED, cluster.bootstrapServers(), Optional.of(cluster), cluster::close);
    }
}
