package dev.kes.client.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import dev.kes.schemas.command.DepositMoney;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.serde.OldWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Subscriptions without a consumer group: where they start, what they deliver, and what stops them. */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventSubscriptionTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private KafkaTestCluster kafka;

    @BeforeAll
    void cluster(final KafkaTestCluster cluster) {
        kafka = cluster;
    }

    @Test
    void fromTheBeginningEveryEventArrivesWithItsMetadataInEachPartitionsOrder() throws Exception {
        try (EventsTopic topic = new EventsTopic(kafka, "sub-beginning", 3)) {
            for (long version = 1; version <= 4; version++) {
                topic.deposit(0, "acc-a", version);
                topic.deposit(2, "acc-c", version);
            }
            final List<SubscribedEvent> seen = new CopyOnWriteArrayList<>();
            try (EventSubscription subscription =
                    subscription(topic).handler(seen::add).build()) {
                subscription.start();
                await().atMost(WAIT).until(() -> seen.size() == 8);

                assertThat(subscription.position().token()).isEqualTo("0:4,1:0,2:4");
            }

            assertThat(seen)
                    .filteredOn(e -> e.partition() == 0)
                    .extracting(SubscribedEvent::version)
                    .containsExactly(1L, 2L, 3L, 4L);
            assertThat(seen)
                    .filteredOn(e -> e.partition() == 2)
                    .extracting(SubscribedEvent::offset)
                    .containsExactly(0L, 1L, 2L, 3L);
            final SubscribedEvent third = seen.stream()
                    .filter(e -> e.partition() == 2 && e.offset() == 2)
                    .findFirst()
                    .orElseThrow();
            assertThat(third.event()).isEqualTo(EventsTopic.deposited("acc-c", 3));
            assertThat(third.type()).isEqualTo("MoneyDeposited");
            assertThat(third.accountId()).isEqualTo("acc-c");
            assertThat(third.version()).isEqualTo(3);
            assertThat(third.occurredAt()).isEqualTo(EventsTopic.AT.plusSeconds(3));
            // partition 1 is empty, partition 0 read to an offset that depends on the interleaving
            assertThat(third.position().nextOffset(2)).isEqualTo(3);
            assertThat(third.position().nextOffsets()).containsEntry(1, 0L);
        }
    }

    @Test
    void aPositionFromOneRunResumesExactlyAfterItInTheNext() throws Exception {
        try (EventsTopic topic = new EventsTopic(kafka, "sub-resume", 3)) {
            final List<String> written = new ArrayList<>();
            for (long version = 1; version <= 5; version++) {
                for (int partition = 0; partition < 3; partition++) {
                    topic.deposit(partition, "acc-" + partition, version);
                    written.add("acc-" + partition + "@" + version);
                }
            }
            // first run: stops itself from inside the handler after 7 events
            final List<SubscribedEvent> first = new ArrayList<>();
            final EventSubscription[] self = new EventSubscription[1];
            try (EventSubscription subscription = subscription(topic)
                    .handler(event -> {
                        first.add(event);
                        if (first.size() == 7) {
                            self[0].close();
                        }
                    })
                    .build()) {
                self[0] = subscription;
                subscription.run();
                assertThat(subscription.position()).isEqualTo(first.get(6).position());
            }
            assertThat(first).hasSize(7);
            final String token = first.get(6).position().token();

            for (int partition = 0; partition < 3; partition++) {
                topic.deposit(partition, "acc-" + partition, 6);
                written.add("acc-" + partition + "@6");
            }
            final List<SubscribedEvent> second = new CopyOnWriteArrayList<>();
            try (EventSubscription subscription = subscription(topic)
                    .from(Position.parse(token))
                    .handler(second::add)
                    .build()) {
                subscription.start();
                await().atMost(WAIT).until(() -> first.size() + second.size() >= written.size());
            }

            final List<String> all = new ArrayList<>();
            first.forEach(e -> all.add(e.accountId() + "@" + e.version()));
            second.forEach(e -> all.add(e.accountId() + "@" + e.version()));
            assertThat(all).as("nothing lost, nothing repeated").containsExactlyInAnyOrderElementsOf(written);
        }
    }

    @Test
    void aPositionBeyondAPartitionsEndIsRefusedInsteadOfReReadingThePartition() throws Exception {
        try (EventsTopic topic = new EventsTopic(kafka, "sub-beyond-end", 1)) {
            topic.deposit(0, "acc-e", 1);
            topic.deposit(0, "acc-e", 2);

            final List<SubscribedEvent> seen = new CopyOnWriteArrayList<>();
            try (EventSubscription subscription = subscription(topic)
                    .from(Position.parse("0:999"))
                    .handler(seen::add)
                    .build()) {
                final CompletableFuture<Void> running = subscription.start();

                assertThatThrownBy(() -> running.get(30, TimeUnit.SECONDS))
                        .cause()
                        .isInstanceOf(InvalidPositionException.class)
                        .hasMessageContaining("offset 999")
                        .hasMessageContaining("beyond its end 2");
            }
            assertThat(seen).isEmpty();
        }
    }

    @Test
    void fromAnInstantEachPartitionStartsAtItsFirstEventAtOrAfterItAndAnEmptyOneAtItsEnd() throws Exception {
        try (EventsTopic topic = new EventsTopic(kafka, "sub-instant", 2)) {
            final Instant instant = Instant.parse("2026-03-01T00:00:00Z");
            final long before = instant.toEpochMilli() - 1;
            final long after = instant.toEpochMilli() + 1_000;
            topic.write(0, before, "acc-a", EventsTopic.encode(EventsTopic.deposited("acc-a", 1)));
            topic.write(0, instant.toEpochMilli(), "acc-a", EventsTopic.encode(EventsTopic.deposited("acc-a", 2)));
            topic.write(0, after, "acc-a", EventsTopic.encode(EventsTopic.deposited("acc-a", 3)));
            topic.write(1, before, "acc-b", EventsTopic.encode(EventsTopic.deposited("acc-b", 1)));

            final List<SubscribedEvent> seen = new CopyOnWriteArrayList<>();
            try (EventSubscription subscription =
                    subscription(topic).fromInstant(instant).handler(seen::add).build()) {
                subscription.start();
                await().atMost(WAIT).until(() -> seen.size() == 2);
                // partition 1 has nothing at or after the instant: it starts at its end, and reads what comes next
                topic.write(1, after, "acc-b", EventsTopic.encode(EventsTopic.deposited("acc-b", 2)));
                await().atMost(WAIT).until(() -> seen.size() == 3);
            }

            assertThat(seen)
                    .extracting(e -> e.accountId() + "@" + e.version())
                    .containsExactlyInAnyOrder("acc-a@2", "acc-a@3", "acc-b@2");
        }
    }

    @Test
    void anAbortedTransactionalWriteIsNeverDelivered() throws Exception {
        try (EventsTopic topic = new EventsTopic(kafka, "sub-aborted", 1);
                KafkaProducer<String, byte[]> tx = topic.transactionalProducer()) {
            tx.beginTransaction();
            tx.send(new ProducerRecord<>(
                    topic.name(), 0, "acc-x", EventsTopic.encode(EventsTopic.deposited("acc-x", 1))));
            tx.flush();
            tx.abortTransaction();
            tx.beginTransaction();
            tx.send(new ProducerRecord<>(
                    topic.name(), 0, "acc-y", EventsTopic.encode(EventsTopic.deposited("acc-y", 1))));
            tx.commitTransaction();

            final List<SubscribedEvent> seen = new CopyOnWriteArrayList<>();
            try (EventSubscription subscription =
                    subscription(topic).handler(seen::add).build()) {
                subscription.start();
                // the committed event comes after the aborted one in the partition: once it is here, that one was
                // passed
                await().atMost(WAIT)
                        .until(() -> seen.stream().anyMatch(e -> e.accountId().equals("acc-y")));
            }

            assertThat(seen).extracting(SubscribedEvent::accountId).containsExactly("acc-y");
        }
    }

    @Test
    void anUnknownTypeAndATombstoneAreSkippedAndTheUnknownIsCounted() throws Exception {
        try (EventsTopic topic = new EventsTopic(kafka, "sub-unknown", 1)) {
            topic.deposit(0, "acc-u", 1);
            // single-object header with a fingerprint no schema of this build has: a newer producer's event type
            topic.write(0, null, "acc-u", new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 42});
            topic.write(0, null, "acc-u", null);
            topic.deposit(0, "acc-u", 2);

            final List<SubscribedEvent> seen = new CopyOnWriteArrayList<>();
            try (EventSubscription subscription =
                    subscription(topic).handler(seen::add).build()) {
                subscription.start();
                await().atMost(WAIT).until(() -> seen.size() == 2);

                assertThat(subscription.skippedUnknown()).isEqualTo(1);
                assertThat(subscription.position().token()).isEqualTo("0:4");
            }
            assertThat(seen).extracting(SubscribedEvent::offset).containsExactly(0L, 3L);
        }
    }

    @Test
    void aBrokenRecordStopsTheSubscriptionWithItsOffset() throws Exception {
        try (EventsTopic topic = new EventsTopic(kafka, "sub-broken", 1)) {
            topic.deposit(0, "acc-b", 1);
            final long broken = topic.write(0, null, "acc-b", new byte[] {1, 2, 3});
            topic.deposit(0, "acc-b", 2);

            final List<SubscribedEvent> seen = new CopyOnWriteArrayList<>();
            try (EventSubscription subscription =
                    subscription(topic).handler(seen::add).build()) {
                final CompletableFuture<Void> running = subscription.start();

                assertThatThrownBy(() -> running.get(30, TimeUnit.SECONDS))
                        .cause()
                        .isInstanceOfSatisfying(EventDecodeException.class, e -> {
                            assertThat(e.partition()).isZero();
                            assertThat(e.offset()).isEqualTo(broken);
                        })
                        .hasMessageContaining(topic.name() + "-0@" + broken);
                assertThat(subscription.position().token()).isEqualTo("0:" + broken);
            }
            assertThat(seen).extracting(SubscribedEvent::version).containsExactly(1L);
        }
    }

    @Test
    void aRegistryFramedEventWithoutARegistryConfiguredStopsTheSubscriptionInsteadOfSkippingIt() throws Exception {
        // what a reader meets when the services write through a registry and it was not given schema.registry.url:
        // skipped as "unknown", every event would be lost to it
        try (EventsTopic topic = new EventsTopic(kafka, "sub-framed-no-registry", 1)) {
            topic.deposit(0, "acc-r", 1);
            final long framed = topic.write(0, null, "acc-r", new byte[] {0, 0, 0, 0, 7, 2, 4});

            final List<SubscribedEvent> seen = new CopyOnWriteArrayList<>();
            try (EventSubscription subscription =
                    subscription(topic).handler(seen::add).build()) {
                final CompletableFuture<Void> running = subscription.start();

                assertThatThrownBy(() -> running.get(30, TimeUnit.SECONDS))
                        .cause()
                        .isInstanceOfSatisfying(
                                EventDecodeException.class,
                                e -> assertThat(e.offset()).isEqualTo(framed))
                        .hasMessageContaining("schema id 7")
                        .hasMessageContaining("schema.registry.url");
                assertThat(subscription.skippedUnknown()).isZero();
            }
            assertThat(seen).extracting(SubscribedEvent::version).containsExactly(1L);
        }
    }

    @Test
    void aCommandOnTheEventsTopicIsNotAnEventAndStopsTheSubscription() {
        try (EventsTopic topic = new EventsTopic(kafka, "sub-not-event", 1)) {
            final DepositMoney command = DepositMoney.newBuilder()
                    .setCommandId("c-1")
                    .setAccountId("acc-c")
                    .setExpectedVersion(null)
                    .setOccurredAt(null)
                    .setMetadata(Metadata.newBuilder().build())
                    .setAmount(new BigDecimal("1.00"))
                    .setDescription(null)
                    .build();
            topic.write(0, null, "acc-c", EventsTopic.encode(command));

            try (EventSubscription subscription =
                    subscription(topic).handler(e -> {}).build()) {
                assertThatThrownBy(subscription::run)
                        .isInstanceOfSatisfying(
                                EventDecodeException.class,
                                e -> assertThat(e.offset()).isZero())
                        .hasMessageContaining(
                                "expected an event but the bytes hold a dev.kes.schemas.command.DepositMoney");
            }
        }
    }

    @Test
    void aVersion1DepositArrivesUpcast() throws Exception {
        try (EventsTopic topic = new EventsTopic(kafka, "sub-upcast", 1)) {
            topic.write(0, null, "acc-old", OldWriter.v1Deposit("acc-old", 2, "  rent  "));

            final List<SubscribedEvent> seen = new CopyOnWriteArrayList<>();
            try (EventSubscription subscription =
                    subscription(topic).handler(seen::add).build()) {
                subscription.start();
                await().atMost(WAIT).until(() -> seen.size() == 1);
            }

            assertThat(seen.get(0).event()).isInstanceOfSatisfying(MoneyDeposited.class, e -> {
                assertThat(e.getDescription())
                        .as("normalised by the v1 upcaster")
                        .isEqualTo("rent");
                assertThat(e.getAmount()).isEqualByComparingTo("12.34");
            });
            assertThat(seen.get(0).version()).isEqualTo(2);
            assertThat(seen.get(0).accountId()).isEqualTo("acc-old");
        }
    }

    @Test
    void aBatchHandlerGetsEachPollsEventsInPartitionOrder() throws Exception {
        try (EventsTopic topic = new EventsTopic(kafka, "sub-batch", 2)) {
            for (long version = 1; version <= 3; version++) {
                topic.deposit(1, "acc-b", version);
                topic.deposit(0, "acc-a", version);
            }

            final List<List<SubscribedEvent>> batches = new CopyOnWriteArrayList<>();
            try (EventSubscription subscription =
                    subscription(topic).batchHandler(batches::add).build()) {
                subscription.start();
                await().atMost(WAIT)
                        .until(() -> batches.stream().mapToInt(List::size).sum() == 6);

                final List<SubscribedEvent> last = batches.get(batches.size() - 1);
                assertThat(subscription.position())
                        .isEqualTo(last.get(last.size() - 1).position());
            }

            assertThat(batches.stream().flatMap(List::stream).map(e -> e.accountId() + "@" + e.version()))
                    .containsExactlyInAnyOrder("acc-a@1", "acc-a@2", "acc-a@3", "acc-b@1", "acc-b@2", "acc-b@3");
            for (final List<SubscribedEvent> batch : batches) {
                assertThat(batch).extracting(SubscribedEvent::partition).isSorted();
                assertThat(batch)
                        .filteredOn(e -> e.partition() == 0)
                        .extracting(SubscribedEvent::offset)
                        .isSorted();
                assertThat(batch)
                        .filteredOn(e -> e.partition() == 1)
                        .extracting(SubscribedEvent::offset)
                        .isSorted();
            }
        }
    }

    @Test
    void aBatchHandlerGetsTheEventsBeforeABrokenRecordThenTheSubscriptionStops() throws Exception {
        try (EventsTopic topic = new EventsTopic(kafka, "sub-batch-broken", 1)) {
            for (long version = 1; version <= 3; version++) {
                topic.deposit(0, "acc-a", version);
            }
            final long broken = topic.write(0, null, "acc-a", new byte[] {(byte) 0xC3});
            topic.deposit(0, "acc-a", 4);

            final List<List<SubscribedEvent>> batches = new CopyOnWriteArrayList<>();
            try (EventSubscription subscription =
                    subscription(topic).batchHandler(batches::add).build()) {
                assertThatThrownBy(subscription::run)
                        .isInstanceOfSatisfying(
                                EventDecodeException.class,
                                e -> assertThat(e.offset()).isEqualTo(broken));
                assertThat(subscription.position().token()).isEqualTo("0:" + broken);
            }

            assertThat(batches.stream().flatMap(List::stream).map(SubscribedEvent::version))
                    .containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void partitionsAddedToTheTopicAreReadToo() throws Exception {
        try (EventsTopic topic = new EventsTopic(kafka, "sub-grow", 1);
                Admin admin = Admin.create(kafka.clientProperties())) {
            topic.deposit(0, "acc-a", 1);
            final List<SubscribedEvent> seen = new CopyOnWriteArrayList<>();
            try (EventSubscription subscription = subscription(topic)
                    .partitionDiscoveryInterval(Duration.ofMillis(200))
                    .handler(seen::add)
                    .build()) {
                subscription.start();
                await().atMost(WAIT).until(() -> seen.size() == 1);

                admin.createPartitions(Map.of(topic.name(), NewPartitions.increaseTo(2)))
                        .all()
                        .get();
                topic.deposit(1, "acc-b", 1);
                await().atMost(WAIT).until(() -> seen.stream().anyMatch(e -> e.partition() == 1));
            }
            assertThat(seen)
                    .filteredOn(e -> e.partition() == 1)
                    .first()
                    .satisfies(e -> assertThat(e.offset())
                            .as("from the new partition's beginning")
                            .isZero());
        }
    }

    @Test
    void closeBeforeRunMakesRunReturnAndARunCannotBeRepeated() throws Exception {
        try (EventsTopic topic = new EventsTopic(kafka, "sub-closed", 1)) {
            final EventSubscription closedEarly =
                    subscription(topic).handler(e -> {}).build();
            closedEarly.close();
            closedEarly.run();

            topic.deposit(0, "acc-once", 1);
            final EventSubscription[] self = new EventSubscription[1];
            try (EventSubscription once =
                    subscription(topic).handler(e -> self[0].close()).build()) {
                self[0] = once;
                once.run();
                assertThatThrownBy(once::run)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("build a new one");
            }
        }
    }

    private EventSubscription.Builder subscription(final EventsTopic topic) {
        return EventSubscription.builder().kafka(kafka.clientProperties()).topic(topic.name());
    }
}
