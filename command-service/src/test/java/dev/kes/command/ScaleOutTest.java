package dev.kes.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.command.testing.AcceptedDeposits;
import dev.kes.command.testing.AcceptedDeposits.Accepted;
import dev.kes.command.testing.DepositLoad;
import dev.kes.command.testing.HttpTestClient;
import dev.kes.command.testing.TestServices;
import dev.kes.command.testing.TopicReader;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import dev.kes.service.kafka.TopicNames;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances with one application.id share the partitions; one leaves in the middle of the traffic, the survivor
 * takes over its partitions, and every command a client saw accepted is in the event store exactly once, in order.
 */
@WithKafka
class ScaleOutTest {
    private static final int PARTITIONS = 6;
    private static final int ACCOUNTS = 10;
    private static final int COMMANDS = 240;
    private static final int SENDERS = 6;
    /** Bounds one command's retries: a rebalance takes seconds, not this long. */
    private static final Duration PER_COMMAND = Duration.ofSeconds(40);

    private static final BigDecimal INITIAL = new BigDecimal("100.00");

    @Test
    void theSurvivorTakesOverAndNoAcceptedCommandIsLostOrDuplicated(
            final KafkaTestCluster kafka, @TempDir final Path stateA, @TempDir final Path stateB) throws Exception {
        final Map<String, String> configA = TestServices.config(kafka, "scale-out", stateA);
        configA.put("topic.partitions", String.valueOf(PARTITIONS));
        // a command caught in the hand-over is answered 504 and retried: keep that wait short
        configA.put("request.timeout.ms", "5000");
        final Map<String, String> configB = new HashMap<>(configA);
        configB.put("state.dir", stateB.toString());
        final TopicNames topics = TestServices.topics(configA);

        try (CommandService a = TestServices.startReady(configA)) {
            final CommandService b = TestServices.startReady(configB);
            try {
                awaitBothOwnPartitions(kafka, configA.get("application.id"), topics.commands(), a, b);
                final HttpTestClient httpA = TestServices.http(a);
                final HttpTestClient httpB = TestServices.http(b);
                for (int i = 0; i < ACCOUNTS; i++) {
                    TestServices.open(i % 2 == 0 ? httpA : httpB, account(i), INITIAL.toPlainString());
                }

                final List<Accepted> accepted = Collections.synchronizedList(new ArrayList<>());
                final CountDownLatch thirdDone = new CountDownLatch(COMMANDS / 3);
                final CompletableFuture<Void> leaving = CompletableFuture.runAsync(() -> {
                    try {
                        thirdDone.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    b.close();
                });
                // each deposit first through its own instance, retried through the survivor
                final List<String> failures = DepositLoad.send(
                        SENDERS,
                        COMMANDS,
                        Duration.ofSeconds(120),
                        thirdDone,
                        i -> DepositLoad.deposit(
                                "so-" + i,
                                account(i % ACCOUNTS),
                                AcceptedDeposits.amount(i),
                                i % 2 == 0 ? httpA : httpB,
                                httpA,
                                PER_COMMAND,
                                accepted));
                leaving.get(60, TimeUnit.SECONDS);
                // it left the group on close: the survivor did not wait out a session timeout (45 s)
                awaitMembers(kafka, configA.get("application.id"), 1, Duration.ofSeconds(10));

                assertThat(failures).isEmpty();
                assertThat(accepted).hasSize(COMMANDS);
                AcceptedDeposits.assertStoredExactlyOnce(
                        TopicReader.events(kafka, topics.events()),
                        IntStream.range(0, ACCOUNTS)
                                .mapToObj(ScaleOutTest::account)
                                .toList(),
                        INITIAL,
                        accepted);
            } finally {
                b.close();
            }
        }
    }

    /** Both instances are RUNNING and each owns some partitions of the commands topic. */
    private static void awaitBothOwnPartitions(
            final KafkaTestCluster kafka,
            final String applicationId,
            final String commandsTopic,
            final CommandService... instances)
            throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (final CommandService instance : instances) {
                    assertThat(TestServices.http(instance).get("/health/ready").statusCode())
                            .isEqualTo(200);
                }
                final ConsumerGroupDescription group = admin.describeConsumerGroups(Set.of(applicationId))
                        .all()
                        .get(10, TimeUnit.SECONDS)
                        .get(applicationId);
                assertThat(group.members()).hasSize(2);
                final List<Long> owned = group.members().stream()
                        .map(MemberDescription::assignment)
                        .map(assignment -> assignment.topicPartitions().stream()
                                .map(TopicPartition::topic)
                                .filter(commandsTopic::equals)
                                .count())
                        .toList();
                assertThat(owned).allSatisfy(count -> assertThat(count).isPositive());
                assertThat(owned.stream().mapToLong(Long::longValue).sum()).isEqualTo(PARTITIONS);
            });
        }
    }

    private static void awaitMembers(
            final KafkaTestCluster kafka, final String applicationId, final int members, final Duration within) {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            await().atMost(within)
                    .untilAsserted(() -> assertThat(admin.describeConsumerGroups(Set.of(applicationId))
                                    .all()
                                    .get(10, TimeUnit.SECONDS)
                                    .get(applicationId)
                                    .members())
                            .hasSize(members));
        }
    }

    private static String account(final int i) {
        return "so-acc-" + i;
    }
}
