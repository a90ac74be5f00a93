package dev.kes.command.testing;

import dev.kes.kafka.embedded.EmbeddedKafkaCluster;
import dev.kes.kafka.test.KafkaTestCluster;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A test's own {@link EmbeddedKafkaCluster} seen as a {@link KafkaTestCluster}, so that {@link TestServices} and
 * {@link TopicReader} work against it as they do against the shared one.
 */
public record OwnCluster(EmbeddedKafkaCluster cluster) implements KafkaTestCluster {

    @Override
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public String provider() {
        return "embedded";
    }

    @Override
    public void createTopic(final String name, final int partitions, final Map<String, String> configs) {
        try (Admin admin = Admin.create(clientProperties())) {
            admin.createTopics(List.of(
                            new NewTopic(name, partitions, (short) Math.min(3, cluster.size())).configs(configs)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not create " + name, e);
        }
    }

    @Override
    public Map<String, Object> clientProperties() {
        final Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", cluster.bootstrapServers());
        return props;
    }

    @Override
    public Optional<EmbeddedKafkaCluster> embedded() {
        return Optional.of(cluster);
    }
}
