package dev.kes.kafka.test;

import dev.kes.kafka.embedded.EmbeddedKafkaCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A started cluster plus how to stop it; closed by the JUnit root store at the end of the test run. */
final class DefaultKafkaTestCluster implements KafkaTestCluster, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultKafkaTestCluster.class);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(60);

    private final String provider;
    private final String bootstrapServers;
    private final Optional<EmbeddedKafkaCluster> embedded;
    private final Runnable shutdown;
    private Admin admin;

    DefaultKafkaTestCluster(
            String provider, String bootstrapServers, Optional<EmbeddedKafkaCluster> embedded, Runnable shutdown) {
        this.provider = provider;
        this.bootstrapServers = bootstrapServers;
        this.embedded = embedded;
        this.shutdown = shutdown;
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public String provider() {
        return provider;
    }

    @Override
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }

    @Override
    public Optional<EmbeddedKafkaCluster> embedded() {
        return embedded;
    }

    @Override
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        try {
            Admin client = admin();
            int brokers =
                    client.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            short replicas = (short) Math.max(1, Math.min(3, brokers));
            client.createTopics(List.of(new NewTopic(name, partitions, replicas).configs(configs)))
                    .all()
                    .get(TOPIC_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            awaitLeaders(client, name, partitions);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("Cannot create topic " + name + ": " + cause, cause);
        }
    }

    /** createTopics completes on the controller; wait until the brokers know a leader for every partition. */
    private static void awaitLeaders(Admin client, String name, int partitions)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TOPIC_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                TopicDescription description = client.describeTopics(List.of(name))
                        .allTopicNames()
                        .get(10, TimeUnit.SECONDS)
                        .get(name);
                List<TopicPartitionInfo> infos = description.partitions();
                if (infos.size() == partitions
                        && infos.stream()
                                .allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
            } catch (ExecutionException e) {
                LOG.debug("Topic {} not visible yet", name, e);
            }
            Thread.sleep(20);
        }
        throw new TimeoutException("Topic " + name + " has no leader for every partition after " + TOPIC_TIMEOUT);
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(clientProperties());
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
        LOG.info("Stopping Kafka for tests ({})", provider);
        shutdown.run();
    }
}
