package dev.kes.client.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Subscriptions in a consumer group: checkpoints after the handler, OffsetSource over them, shared partitions. */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventSubscriptionGroupTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private KafkaTestCluster kafka;

    @BeforeAll
    void cluster(final KafkaTestCluster cluster) {
        kafka = cluster;
    }

    @Test
    void aRestartedMemberContinuesRightAfterTheLastEventItsHandlerReturnedFor() throws Exception {
        try (EventsTopic topic = new EventsTopic(kafka, "grp-resume", 1)) {
            for (long version = 1; version <= 10; version++) {
                topic.deposit(0, "acc-g", version);
            }
            final String group = TestNames.unique("grp-resume");

            assertThat(versions(runUntilHandled(topic, group, 4))).containsExactly(1L, 2L, 3L, 4L);
            assertThat(committed(group, topic)).isEqualTo(4);

            final List<SubscribedEvent> second = new CopyOnWriteArrayList<>();
            try (EventSubscription subscription =
                    subscription(topic, group).handler(second::add).build()) {
                subscription.start();
                await().atMost(WAIT).until(() -> second.size() == 6);
            }
            assertThat(versions(second)).containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
            assertThat(committed(group, topic)).isEqualTo(10);
        }
    }

    @Test
    void anEventWhoseHandlerThrewIsDeliveredAgainOnRestart() throws Exception {
        try (EventsTopic topic = new EventsTopic(kafka, "grp-throw", 1)) {
            for (long version = 1; version <= 5; version++) {
                topic.deposit(0, "acc-t", version);
            }
            final String group = TestNames.unique("grp-throw");
            final List<Long> handled = new ArrayList<>();
            final IllegalStateException failure = new IllegalStateException("database down");

            try (EventSubscription subscription = subscription(topic, group)
                    .handler(event -> {
                        if (event.version() == 3) {
                            throw failure;
                        }
                        handled.add(event.version());
                    })
                    .build()) {
                assertThatThrownBy(subscription::run).isSameAs(failure);
                assertThat(subscription.position().token()).isEqualTo("0:2");
            }
            assertThat(handled).containsExactly(1L, 2L);
            assertThat(committed(group, topic)).isEqualTo(2);

            final List<SubscribedEvent> again = new CopyOnWriteArrayList<>();
            try (EventSubscription subscription =
                    subscription(topic, group).handler(again::add).build()) {
                subscription.start();
                await().atMost(WAIT).until(() -> again.size() == 3);
            }
            assertThat(versions(again)).containsExactly(3L, 4L, 5L);
        }
    }

    @Test
    void theOffsetSourceWinsOverTheGroupsCommittedOffsets() throws Exception {
        try (EventsTopic topic = new EventsTopic(kafka, "grp-source", 2)) {
            for (long version = 1; version <= 5; version++) {
                topic.deposit(0, "acc-s", version);
                topic.deposit(1, "acc-r", version);
            }
            final String group = TestNames.unique("grp-source");
            runUntilHandled(topic, group, 10);
            assertThat(committed(group, topic)).isEqualTo(10);

            // the application's own store says: partition 0 from offset 2; it knows nothing of partition 1
            final List<Set<Integer>> asked = new CopyOnWriteArrayList<>();
            final List<SubscribedEvent> seen = new CopyOnWriteArrayList<>();
            try (EventSubscription subscription = subscription(topic, group)
                    .offsets(partitions -> {
                        asked.add(partitions);
                        return Map.of(0, 2L);
                    })
                    .handler(seen::add)
                    .build()) {
                subscription.start();
                await().atMost(WAIT).until(() -> seen.size() == 3);
                topic.deposit(1, "acc-r", 6);
                await().atMost(WAIT).until(() -> seen.size() == 4);
            }
            assertThat(asked).containsExactly(Set.of(0, 1));
            assertThat(seen)
                    .extracting(e -> e.accountId() + "@" + e.version())
                    .as("partition 0 from the source, partition 1 from its committed offset")
                    .containsExactlyInAnyOrder("acc-s@3", "acc-s@4", "acc-s@5", "acc-r@6");
        }
    }

    @Test
    void anOffsetSourceThatFailsStopsTheSubscriptionBeforeAnyEvent() throws Exception {
        try (EventsTopic topic = new EventsTopic(kafka, "grp-source-fails", 1)) {
            topic.deposit(0, "acc-f", 1);
            final Exception failure = new java.sql.SQLException("no database");
            final List<SubscribedEvent> seen = new CopyOnWriteArrayList<>();
            try (EventSubscription subscription = subscription(topic, TestNames.unique("grp-source-fails"))
                    .offsets(partitions -> {
                        throw failure;
                    })
                    .handler(seen::add)
                    .build()) {
                assertThatThrownBy(subscription::run).isSameAs(failure);
            }
            assertThat(seen).isEmpty();
        }
    }

    @Test
    void anIdempotentHandlerSkipsTheEventsDeliveredAgainAfterALostCheckpoint() throws Exception {
        try (EventsTopic topic = new EventsTopic(kafka, "grp-idempotent", 1)) {
            for (long version = 1; version <= 3; version++) {
                topic.deposit(0, "acc-i", version);
            }
            final String group = TestNames.unique("grp-idempotent");
            final AppliedVersions applied = AppliedVersions.inMemory();
            final List<Long> effects = new CopyOnWriteArrayList<>();
            final EventHandler idempotent =
                    EventHandlers.idempotentByVersion(applied, event -> effects.add(event.version()));
            try (EventSubscription subscription =
                    subscription(topic, group).handler(idempotent).build()) {
                subscription.start();
                await().atMost(WAIT).until(() -> effects.size() == 3);
            }

            // as if the process had died before its checkpoint: everything is delivered again, then a new event
            try (EventSubscription subscription = subscription(topic, group)
                    .offsets(partitions -> Map.of(0, 0L))
                    .handler(idempotent)
                    .build()) {
                subscription.start();
                topic.deposit(0, "acc-i", 4);
                await().atMost(WAIT).until(() -> effects.size() == 4);
            }
            assertThat(effects).containsExactly(1L, 2L, 3L, 4L);
        }
    }

    @Test
    void twoMembersShareThePartitionsAndEachEventIsDeliveredOnceAcrossThem() throws Exception {
        try (EventsTopic topic = new EventsTopic(kafka, "grp-share", 4);
                Admin admin = Admin.create(kafka.clientProperties())) {
            final String group = TestNames.unique("grp-share");
            final List<SubscribedEvent> first = new CopyOnWriteArrayList<>();
            final List<SubscribedEvent> second = new CopyOnWriteArrayList<>();
            try (EventSubscription one =
                            subscription(topic, group).handler(first::add).build();
                    EventSubscription two =
                            subscription(topic, group).handler(second::add).build()) {
                final CompletableFuture<Void> runningOne = one.start();
                final CompletableFuture<Void> runningTwo = two.start();
                await().atMost(WAIT).until(() -> bothMembersHavePartitions(admin, group));

                for (long version = 1; version <= 50; version++) {
                    for (int partition = 0; partition < 4; partition++) {
                        topic.deposit(partition, "acc-" + partition, version);
                    }
                }
                await().atMost(WAIT).until(() -> first.size() + second.size() >= 200);

                assertThat(runningOne).isNotDone();
                assertThat(runningTwo).isNotDone();
            }
            final List<String> all = new ArrayList<>();
            first.forEach(e -> all.add(e.accountId() + "@" + e.version()));
            second.forEach(e -> all.add(e.accountId() + "@" + e.version()));
            assertThat(all).hasSize(200).doesNotHaveDuplicates();
            assertThat(first).isNotEmpty();
            assertThat(second).isNotEmpty();
        }
    }

    private static boolean bothMembersHavePartitions(final Admin admin, final String group) throws Exception {
        final ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                .all()
                .get(10, TimeUnit.SECONDS)
                .get(group);
        final List<MemberDescription> members = new ArrayList<>(description.members());
        return members.size() == 2
                && members.stream()
                        .allMatch(m -> !m.assignment().topicPartitions().isEmpty());
    }

    /** Runs a member of the group until its handler has returned for {@code count} events, then closes it. */
    private List<SubscribedEvent> runUntilHandled(final EventsTopic topic, final String group, final int count)
            throws Exception {
        final List<SubscribedEvent> seen = new ArrayList<>();
        final EventSubscription[] self = new EventSubscription[1];
        try (EventSubscription subscription = subscription(topic, group)
                .handler(event -> {
                    seen.add(event);
                    if (seen.size() == count) {
                        self[0].close();
                    }
                })
                .build()) {
            self[0] = subscription;
            subscription.run();
        }
        return seen;
    }

    /** The group's committed offsets over all partitions of the topic, summed. */
    private long committed(final String group, final EventsTopic topic) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            return admin
                    .listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS)
                    .entrySet()
                    .stream()
                    .filter(e -> e.getKey().topic().equals(topic.name()))
                    .mapToLong(e -> e.getValue().offset())
                    .sum();
        }
    }

    private static List<Long> versions(final List<SubscribedEvent> events) {
        return events.stream().map(SubscribedEvent::version).toList();
    }

    private EventSubscription.Builder subscription(final EventsTopic topic, final String group) {
        return EventSubscription.builder()
                .kafka(kafka.clientProperties())
                .topic(topic.name())
                .groupId(group);
    }
}
