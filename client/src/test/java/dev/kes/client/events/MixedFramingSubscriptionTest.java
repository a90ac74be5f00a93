package dev.kes.client.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.registry.SchemaRegistryConfig;
import dev.kes.registry.SchemaRegistryServer;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.event.MoneyWithdrawn;
import dev.kes.schemas.registry.Codecs;
import dev.kes.schemas.registry.HttpSchemaRegistry;
import dev.kes.schemas.registry.SchemaRegistryException;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.OldWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * An events topic that switched to the schema-registry framing mid-life, read by subscriptions against a real
 * Confluent-compatible registry (the local stack's, on the test broker): with {@code schema.registry.url} every event
 * of both framings arrives once, in each partition's order, upcast; without it the first registry-framed record stops
 * the subscription (a misconfigured reader, not a newer producer); a schema id the registry does not know is a counted skip logged with its offset.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MixedFramingSubscriptionTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DEPOSITED = MoneyDeposited.getClassSchema().getFullName();
    private static final int UNKNOWN_ID = 31_337;

    private KafkaTestCluster kafka;
    private SchemaRegistryServer registry;

    @BeforeAll
    void start(final KafkaTestCluster cluster) {
        kafka = cluster;
        registry = SchemaRegistryServer.start(SchemaRegistryConfig.of(cluster.bootstrapServers())
                .withTopic(TestNames.unique("_schemas"))
                .withPort(0));
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void bothFramingsReadCompletelyWithTheRegistryAndWithoutItTheFirstRegistryFramedRecordStops() throws Exception {
        // an old writer registered MoneyDeposited v1 before this build's writers registered v2
        final int v1Id = new HttpSchemaRegistry(registry.url(), null, HttpSchemaRegistry.DEFAULT_TIMEOUT)
                .register(DEPOSITED, OldWriter.v1DepositSchema());
        final AvroCodec framed = Codecs.fromConfig(Map.of(Codecs.URL, registry.url()));
        try (EventsTopic topic = new EventsTopic(kafka, "mixed-framing", 3)) {
            // before the switch: single-object encoding
            topic.write(0, null, "mx-a", OldWriter.v1Deposit("mx-a", 1, "  rent "));
            topic.write(0, null, "mx-a", EventsTopic.encode(EventsTopic.deposited("mx-a", 2)));
            topic.write(1, null, "mx-b", EventsTopic.encode(EventsTopic.deposited("mx-b", 1)));
            topic.write(1, null, "mx-b", EventsTopic.encode(EventsTopic.deposited("mx-b", 2)));
            topic.write(2, null, "mx-c", EventsTopic.encode(EventsTopic.deposited("mx-c", 1)));
            // after it: registry framing, an old v1 writer's deposit too
            topic.write(0, null, "mx-a", registryFramedV1(v1Id, "mx-a", 3, " fee  "));
            topic.write(0, null, "mx-a", framed.encode(EventsTopic.deposited("mx-a", 4)));
            topic.write(1, null, "mx-b", framed.encode(EventsTopic.deposited("mx-b", 3)));
            final byte[] unknown = framed.encode(EventsTopic.deposited("mx-x", 1));
            ByteBuffer.wrap(unknown, 1, 4).putInt(UNKNOWN_ID);
            final long unknownOffset = topic.write(1, null, "mx-x", unknown);
            topic.write(1, null, "mx-b", framed.encode(EventsTopic.deposited("mx-b", 4)));
            topic.write(2, null, "mx-c", framed.encode(withdrawn("mx-c", 2)));
            topic.write(2, null, "mx-c", framed.encode(EventsTopic.deposited("mx-c", 3)));

            final ListAppender<ILoggingEvent> log = capture();
            final List<SubscribedEvent> seen = new CopyOnWriteArrayList<>();
            try (EventSubscription subscription = EventSubscription.builder()
                    .kafka(withRegistry(registry.url()))
                    .topic(topic.name())
                    .handler(seen::add)
                    .build()) {
                subscription.start();
                await().atMost(WAIT).until(() -> subscription.position().token().equals("0:4,1:5,2:3"));
                assertThat(subscription.skippedUnknown()).isEqualTo(1);
            } finally {
                release(log);
            }

            assertThat(seen).hasSize(11);
            assertThat(seen).extracting(e -> e.accountId() + "@" + e.version()).doesNotHaveDuplicates();
            for (final String account : List.of("mx-a", "mx-b", "mx-c")) {
                final long last = account.equals("mx-c") ? 3 : 4;
                assertThat(seen)
                        .filteredOn(e -> e.accountId().equals(account))
                        .extracting(SubscribedEvent::version)
                        .as("each partition's order")
                        .containsExactlyElementsOf(versions(last));
            }
            final List<SubscribedEvent> a =
                    seen.stream().filter(e -> e.accountId().equals("mx-a")).toList();
            assertThat(((MoneyDeposited) a.get(0).event()).getDescription())
                    .as("v1 single-object, upcast")
                    .isEqualTo("rent");
            assertThat(((MoneyDeposited) a.get(2).event()).getDescription())
                    .as("v1 registry-framed, upcast")
                    .isEqualTo("fee");
            assertThat(((MoneyDeposited) a.get(2).event()).getAmount()).isEqualByComparingTo("12.34");
            assertThat(((MoneyDeposited) a.get(2).event()).getBalanceAfter()).isNull();
            assertThat(a.get(3).event()).isEqualTo(EventsTopic.deposited("mx-a", 4));
            assertThat(seen.stream()
                            .filter(e -> e.accountId().equals("mx-c"))
                            .toList()
                            .get(1)
                            .event())
                    .isEqualTo(withdrawn("mx-c", 2));
            assertThat(log.list)
                    .as("the unknown id's skip, logged with its offset")
                    .anySatisfy(event -> assertThat(event.getFormattedMessage())
                            .contains(topic.name() + "-1@" + unknownOffset)
                            .contains("schema id " + UNKNOWN_ID)
                            .contains(registry.url()));

            // without the URL the reader is misconfigured, not facing a newer producer: it stops at the first
            // registry-framed record rather than skip every one of them
            final List<SubscribedEvent> withoutRegistry = new CopyOnWriteArrayList<>();
            try (EventSubscription subscription = EventSubscription.builder()
                    .kafka(kafka.clientProperties())
                    .topic(topic.name())
                    .handler(withoutRegistry::add)
                    .build()) {
                final CompletableFuture<Void> running = subscription.start();
                assertThatThrownBy(() -> running.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                        .cause()
                        .isInstanceOf(EventDecodeException.class)
                        .hasMessageContaining("schema-registry framing")
                        .hasMessageContaining("schema.registry.url");
                assertThat(subscription.skippedUnknown()).isZero();
            }
            assertThat(withoutRegistry)
                    .extracting(e -> e.accountId() + "@" + e.version())
                    .isSubsetOf("mx-a@1", "mx-a@2", "mx-b@1", "mx-b@2", "mx-c@1");
        }
    }

    @Test
    void anUnreachableRegistryFailsBuildNamingItsUrl() throws IOException {
        final String url = unreachable();
        assertThatThrownBy(() -> EventSubscription.builder()
                        .kafka(withRegistry(url))
                        .topic("any")
                        .handler(event -> {})
                        .build())
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining(url);
    }

    /**
     * The registry going away mid-stream is not a broken record: the subscription stops with the registry's own
     * exception naming its URL, not with an {@link EventDecodeException} that tells an operator to look at the record.
     */
    @Test
    void aRegistryThatGoesAwayMidStreamStopsTheSubscriptionWithTheRegistrysErrorNotADecodeError() throws Exception {
        final SchemaRegistryServer own = SchemaRegistryServer.start(SchemaRegistryConfig.of(kafka.bootstrapServers())
                .withTopic(TestNames.unique("_schemas"))
                .withPort(0));
        final String url = own.url();
        final AvroCodec framed;
        try {
            framed = Codecs.fromConfig(Map.of(Codecs.URL, url));
        } catch (RuntimeException e) {
            own.close();
            throw e;
        }
        try (EventsTopic topic = new EventsTopic(kafka, "registry-gone", 1)) {
            topic.write(0, null, "gone-a", EventsTopic.encode(EventsTopic.deposited("gone-a", 1)));
            topic.write(0, null, "gone-a", framed.encode(EventsTopic.deposited("gone-a", 2)));
            final List<SubscribedEvent> seen = new CopyOnWriteArrayList<>();
            final EventSubscription built;
            try {
                built = EventSubscription.builder()
                        .kafka(withRegistry(url))
                        .topic(topic.name())
                        .handler(seen::add)
                        .build();
            } finally {
                own.close(); // after build() checked it answers, before the first registry-framed record is read
            }
            try (EventSubscription subscription = built) {
                final CompletableFuture<Void> done = subscription.start();
                assertThatThrownBy(() -> done.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause()
                        .isInstanceOf(SchemaRegistryException.class)
                        .hasMessageContaining(url);
                assertThat(seen).extracting(SubscribedEvent::version).containsExactly(1L);
                assertThat(subscription.position().token())
                        .as("stopped before the record it could not look up")
                        .isEqualTo("0:1");
            }
        }
    }

    private Map<String, Object> withRegistry(final String url) {
        final Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(Codecs.URL, url);
        return props;
    }

    /** A v1 deposit as an old writer with a registry wrote it: {@code 00} + the v1 schema's id + the datum. */
    private static byte[] registryFramedV1(
            final int id, final String account, final long version, final String description) {
        final byte[] singleObject = OldWriter.v1Deposit(account, version, description);
        final int header = 10;
        return ByteBuffer.allocate(5 + singleObject.length - header)
                .put((byte) 0)
                .putInt(id)
                .put(singleObject, header, singleObject.length - header)
                .array();
    }

    private static MoneyWithdrawn withdrawn(final String account, final long version) {
        return new MoneyWithdrawn(
                account + "-" + version,
                account,
                version,
                EventsTopic.AT.plusSeconds(version),
                Metadata.newBuilder().build(),
                new BigDecimal("0.50"),
                "atm",
                new BigDecimal("0.50"));
    }

    private static List<Long> versions(final long last) {
        final List<Long> versions = new ArrayList<>();
        for (long v = 1; v <= last; v++) {
            versions.add(v);
        }
        return versions;
    }

    private static ListAppender<ILoggingEvent> capture() {
        final ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(EventSubscription.class)).addAppender(appender);
        return appender;
    }

    private static void release(final ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(EventSubscription.class)).detachAppender(appender);
    }

    private static String unreachable() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }
}
