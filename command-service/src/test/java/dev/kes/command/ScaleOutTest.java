package dev.kes.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kes.command.testing.HttpTestClient;
import dev.kes.command.testing.StoredEvent;
import dev.kes.command.testing.TestServices;
import dev.kes.command.testing.TopicReader;
import dev.kes.domain.AccountDecider;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import dev.kes.service.kafka.TopicNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static dev.kes.command.testing.Responses.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

    /** A deposit a client saw accepted (200). */
    private record Accepted(String accountId, String commandId, BigDecimal amount, long version) {
    }

    @Test
    void theSurvivorTakesOverAndNoAcceptedCommandIsLostOrDuplicated(final KafkaTestCluster kafka,
                                                                    @TempDir final Path stateA,
                                                                    @TempDir final Path stateB) throws Exception {
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
                    TestServices.open(i % 2 == 0 ? httpA : httpB, account(i), "100.00");
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
                final List<String> failures = send(httpA, httpB, accepted, thirdDone);
                leaving.get(60, TimeUnit.SECONDS);
                // it left the group on close: the survivor did not wait out a session timeout (45 s)
                awaitMembers(kafka, configA.get("application.id"), 1, Duration.ofSeconds(10));

                assertThat(failures).isEmpty();
                assertThat(accepted).hasSize(COMMANDS);
                assertEveryAcceptedCommandIsStoredOnceInOrder(TopicReader.events(kafka, topics.events()), accepted);
            } finally {
                b.close();
            }
        }
    }

    /** SENDERS threads send COMMANDS deposits through both instances, each retried until it is accepted. */
    private static List<String> send(final HttpTestClient httpA, final HttpTestClient httpB,
                                     final List<Accepted> accepted, final CountDownLatch progress) throws Exception {
        final AtomicInteger next = new AtomicInteger();
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        final ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
        try {
            final List<Future<?>> senders = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                senders.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < COMMANDS; i = next.getAndIncrement()) {
                        final String outcome = deposit(i, i % 2 == 0 ? httpA : httpB, httpA, accepted);
                        if (outcome != null) {
                            failures.add(outcome);
                        }
                        progress.countDown();
                    }
                }));
            }
            for (final Future<?> sender : senders) {
                sender.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return failures;
    }

    /**
     * One deposit, first through {@code first}, then, after any sign of trouble (connection refused or reset, 503,
     * 504), through the survivor with the same Idempotency-Key. Null when accepted, else what went wrong.
     */
    private static String deposit(final int i, final HttpTestClient first, final HttpTestClient survivor,
                                  final List<Accepted> accepted) {
        final String accountId = account(i % ACCOUNTS);
        final String commandId = "so-" + i;
        final BigDecimal amount = new BigDecimal((i % 17 + 1) + "." + String.format("%02d", i % 100));
        final long deadline = System.nanoTime() + PER_COMMAND.toNanos();
        HttpTestClient target = first;
        String last = "not sent";
        while (System.nanoTime() < deadline) {
            try {
                final HttpResponse<String> response = target.postJson("/accounts/" + accountId + "/deposits",
                        "{\"amount\":\"" + amount + "\"}", "Idempotency-Key", commandId);
                if (response.statusCode() == 200) {
                    final JsonNode result = body(response);
                    accepted.add(new Accepted(accountId, result.get("commandId").asText(), amount,
                            result.get("version").asLong()));
                    return null;
                }
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() != 503 && response.statusCode() != 504) {
                    return commandId + ": " + last;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            target = survivor;
        }
        return commandId + " never accepted within " + PER_COMMAND + "; last answer " + last;
    }

    private static void assertEveryAcceptedCommandIsStoredOnceInOrder(final List<StoredEvent> events,
                                                                      final List<Accepted> accepted) {
        assertThat(accepted).extracting(Accepted::commandId).doesNotHaveDuplicates();
        assertThat(events).extracting(StoredEvent::eventId).doesNotHaveDuplicates();
        final Map<String, List<StoredEvent>> byAccount = events.stream()
                .collect(Collectors.groupingBy(StoredEvent::accountId));
        final Map<String, List<Accepted>> acceptedByAccount = accepted.stream()
                .collect(Collectors.groupingBy(Accepted::accountId));
        assertThat(byAccount).hasSize(ACCOUNTS);
        for (int i = 0; i < ACCOUNTS; i++) {
            final String accountId = account(i);
            final List<StoredEvent> stream = byAccount.get(accountId);
            final List<Accepted> deposits = acceptedByAccount.getOrDefault(accountId, List.of());
            // one partition per account, and in it versions 1..n in offset order: nothing lost, doubled, reordered
            assertThat(stream).extracting(StoredEvent::partition).as(accountId).containsOnly(stream.get(0).partition());
            assertThat(stream).extracting(StoredEvent::version).as(accountId)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, deposits.size() + 1).boxed().toList());
            assertThat(stream.subList(1, stream.size())).extracting(StoredEvent::causationId).as(accountId)
                    .containsExactlyInAnyOrderElementsOf(deposits.stream().map(Accepted::commandId).toList());
            assertThat(deposits).extracting(Accepted::version).as(accountId).doesNotHaveDuplicates();
            final BigDecimal expected = deposits.stream().map(Accepted::amount)
                    .reduce(new BigDecimal("100.00"), BigDecimal::add);
            assertThat(AccountDecider.replay(accountId, stream.stream().map(StoredEvent::event).toList()).balance())
                    .as(accountId).isEqualByComparingTo(expected);
        }
    }

    /** Both instances are RUNNING and each owns some partitions of the commands topic. */
    private static void awaitBothOwnPartitions(final KafkaTestCluster kafka, final String applicationId,
                                               final String commandsTopic, final CommandService... instances)
            throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (final CommandService instance : instances) {
                    assertThat(TestServices.http(instance).get("/health/ready").statusCode()).isEqualTo(200);
                }
                final ConsumerGroupDescription group = admin.describeConsumerGroups(Set.of(applicationId))
                        .all().get(10, TimeUnit.SECONDS).get(applicationId);
                assertThat(group.members()).hasSize(2);
                final List<Long> owned = group.members().stream().map(MemberDescription::assignment)
                        .map(assignment -> assignment.topicPartitions().stream()
                                .map(TopicPartition::topic).filter(commandsTopic::equals).count())
                        .toList();
                assertThat(owned).allSatisfy(count -> assertThat(count).isPositive());
                assertThat(owned.stream().mapToLong(Long::longValue).sum()).isEqualTo(PARTITIONS);
            });
        }
    }

    private static void awaitMembers(final KafkaTestCluster kafka, final String applicationId, final int members,
                                     final Duration within) {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            await().atMost(within).untilAsserted(() -> assertThat(admin.describeConsumerGroups(Set.of(applicationId))
                    .all().get(10, TimeUnit.SECONDS).get(applicationId).members()).hasSize(members));
        }
    }

    private static String account(final int i) {
        return "so-acc-" + i;
    }
}
