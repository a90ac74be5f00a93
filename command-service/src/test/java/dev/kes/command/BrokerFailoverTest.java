package dev.kes.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.kes.command.testing.AcceptedDeposits;
import dev.kes.command.testing.AcceptedDeposits.Accepted;
import dev.kes.command.testing.CapturedLogs;
import dev.kes.command.testing.DepositLoad;
import dev.kes.command.testing.HttpTestClient;
import dev.kes.command.testing.OwnCluster;
import dev.kes.command.testing.TestServices;
import dev.kes.command.testing.TopicReader;
import dev.kes.command.topology.StoreNames;
import dev.kes.kafka.embedded.EmbeddedKafkaCluster;
import dev.kes.service.kafka.Durability;
import dev.kes.service.kafka.TopicNames;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 3-node cluster (the service creates its topics, and Kafka Streams the changelog, with RF 3 and
 * min.insync.replicas 2, and so warns of nothing) loses one broker in the middle of the traffic and gets it back:
 * the service keeps accepting commands, and every command a client saw accepted is stored exactly once, in order.
 *
 * <p>This class starts its own cluster, next to the 1-node one the other tests of this JVM share.
 */
class BrokerFailoverTest {
    private static final int ACCOUNTS = 6;
    private static final int COMMANDS = 150;
    private static final int SENDERS = 4;
    private static final int STOPPED = 1;
    /** Deposits sent and accepted while the broker is down, before it is restarted. */
    private static final int ACCEPTED_WHILE_DOWN = 20;

    private static final BigDecimal INITIAL = new BigDecimal("100.00");
    /** Bounds one command's retries: a leader election takes seconds, not this long. */
    private static final Duration PER_COMMAND = Duration.ofSeconds(30);

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void losingOneOfThreeBrokersLosesAndDuplicatesNothing(@TempDir final Path state) throws Exception {
        // brokers with Kafka's default min.insync.replicas (1): the 2 comes from the topics the service creates
        try (EmbeddedKafkaCluster cluster =
                        EmbeddedKafkaCluster.builder().brokers(3).build().start();
                CapturedLogs logs = new CapturedLogs(Level.WARN, Durability.class.getName())) {
            final OwnCluster kafka = new OwnCluster(cluster);
            final Map<String, String> config = TestServices.config(kafka, "broker-failover", state);
            config.put("topic.replication.factor", "3");
            config.put("request.timeout.ms", "5000");
            final TopicNames topics = TestServices.topics(config);

            try (CommandService service = TestServices.startReady(config)) {
                assertReplicatedThreeTimes(kafka, topics, config.get("application.id"));
                assertThat(logs.lines())
                        .as("no durability warning on RF 3")
                        .noneMatch(line -> line.startsWith(Durability.class.getName()));
                final HttpTestClient http = TestServices.http(service);
                final List<String> accounts = IntStream.range(0, ACCOUNTS)
                        .mapToObj(i -> "bf-acc-" + i)
                        .toList();
                accounts.forEach(account -> TestServices.open(http, account, INITIAL.toPlainString()));

                final List<Accepted> accepted = Collections.synchronizedList(new ArrayList<>());
                final AtomicInteger acceptedWhileDown = new AtomicInteger();
                final AtomicBoolean down = new AtomicBoolean();
                final CountDownLatch thirdDone = new CountDownLatch(COMMANDS / 3);
                final CountDownLatch enoughWhileDown = new CountDownLatch(ACCEPTED_WHILE_DOWN);
                final CompletableFuture<Void> fault = CompletableFuture.runAsync(() -> {
                    try {
                        thirdDone.await();
                        cluster.stopBroker(STOPPED);
                        down.set(true);
                        // restarted once the service has shown it goes on without it (or the test has failed)
                        enoughWhileDown.await(30, TimeUnit.SECONDS);
                        down.set(false);
                        cluster.startBroker(STOPPED);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                });
                final List<String> failures =
                        DepositLoad.send(SENDERS, COMMANDS, Duration.ofSeconds(100), thirdDone, i -> {
                            final boolean sentWhileDown = down.get();
                            final String failure = DepositLoad.deposit(
                                    "bf-" + i,
                                    accounts.get(i % accounts.size()),
                                    AcceptedDeposits.amount(i),
                                    http,
                                    http,
                                    PER_COMMAND,
                                    accepted);
                            if (failure == null && sentWhileDown && down.get()) {
                                acceptedWhileDown.incrementAndGet();
                                enoughWhileDown.countDown();
                            }
                            return failure;
                        });
                fault.get(90, TimeUnit.SECONDS);

                assertThat(failures).isEmpty();
                assertThat(accepted).hasSize(COMMANDS);
                // the service kept going while the broker was away
                assertThat(acceptedWhileDown.get()).isGreaterThanOrEqualTo(ACCEPTED_WHILE_DOWN);
                AcceptedDeposits.assertStoredExactlyOnce(
                        TopicReader.events(kafka, topics.events()), accounts, INITIAL, accepted);
            }
        }
    }

    /** The service's topics and the state store's changelog: 3 replicas, 2 of them in sync for a write. */
    private static void assertReplicatedThreeTimes(
            final OwnCluster kafka, final TopicNames topics, final String applicationId) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            final String changelog = StoreNames.changelog(applicationId, StoreNames.ACCOUNT_STATE);
            final Set<String> names =
                    Set.of(topics.commands(), topics.events(), topics.results(), topics.dlq(), changelog);
            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            admin.listTopics().names().get(30, TimeUnit.SECONDS).containsAll(names));
            final Map<String, TopicDescription> described =
                    admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(described.values())
                    .allSatisfy(topic -> assertThat(topic.partitions())
                            .allSatisfy(partition -> assertThat(partition.replicas())
                                    .as(topic.name())
                                    .hasSize(3)));
            final Map<ConfigResource, Config> configs = admin.describeConfigs(names.stream()
                            .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                            .toList())
                    .all()
                    .get(30, TimeUnit.SECONDS);
            assertThat(configs)
                    .allSatisfy((resource, config) -> assertThat(
                                    config.get("min.insync.replicas").value())
                            .as(resource.name())
                            .isEqualTo("2"));
        }
    }
}
