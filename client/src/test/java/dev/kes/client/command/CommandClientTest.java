package dev.kes.client.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.schemas.command.OpenAccount;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.registry.SchemaRegistry;
import dev.kes.schemas.registry.SchemaRegistryException;
import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.result.Outcome;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.SchemaCatalog;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The client against a broker with no command service: what it does on its own (timeouts, refusing non-commands,
 * closing). Results from the running service are tested in command-service.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandClientTest {
    @AutoClose
    private CommandClient client;

    private KafkaTestCluster kafka;

    @BeforeAll
    void start(final KafkaTestCluster cluster) {
        kafka = cluster;
        final Topics topics = idleTopics(TestNames.unique("client"));
        client = CommandClient.builder()
                .kafka(kafka.clientProperties())
                .topics(topics.commands(), topics.results())
                .build();
    }

    @Test
    void aResultNotSeenInTimeFailsWithTheCommandId() throws Exception {
        // topics nobody processes: the command is appended and never answered
        final Topics idle = idleTopics(TestNames.unique("client-idle"));
        try (CommandClient impatient = CommandClient.builder()
                .kafka(kafka.clientProperties())
                .topics(idle.commands(), idle.results())
                .timeout(Duration.ofMillis(300))
                .build()) {
            // the 300 ms are for the result: first let the listener find the end of the results topic
            assertThat(impatient.awaitReady(Duration.ofSeconds(30))).isTrue();
            final CompletableFuture<CommandResult> result = impatient.submit(open("cl-lost-1", "client-4", "1"));

            assertThatThrownBy(() -> result.get(30, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOfSatisfying(
                            CommandTimeoutException.class,
                            e -> assertThat(e.commandId()).isEqualTo("cl-lost-1"))
                    .hasMessageContaining("cl-lost-1")
                    .hasMessageContaining("300 ms");
        }
        assertThat(readAll(idle.commands()))
                .singleElement()
                .satisfies(record -> assertThat(record.key()).isEqualTo("client-4"));
    }

    @Test
    void onlyCommandsAreSubmitted() {
        final MoneyDeposited event = MoneyDeposited.newBuilder()
                .setEventId("e")
                .setAccountId("client-5")
                .setVersion(2)
                .setOccurredAt(Instant.now())
                .setMetadata(metadata())
                .setAmount(new BigDecimal("1.00"))
                .setDescription(null)
                .build();

        assertThatThrownBy(() -> client.submit(event))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MoneyDeposited is not a command");
    }

    @Test
    void aClosedClientRefusesCommandsAndFailsThoseStillWaiting() throws Exception {
        final Topics idle = idleTopics(TestNames.unique("client-closed"));
        final CommandClient closing = CommandClient.builder()
                .kafka(kafka.clientProperties())
                .topics(idle.commands(), idle.results())
                .build();
        final CompletableFuture<CommandResult> waiting = closing.submit(open("cl-wait-1", "client-6", "1"));

        closing.close();

        assertThatThrownBy(() -> waiting.get(30, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(
                        CommandException.class, e -> assertThat(e.commandId()).isEqualTo("cl-wait-1"));
        assertThatThrownBy(() -> closing.submit(open("cl-wait-2", "client-6", "1")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anUnreadableResultFailsItsCommandAndTheNextResultsStillArrive() throws Exception {
        final Topics idle = idleTopics(TestNames.unique("client-unreadable"));
        // a registry that cannot be reached: it fails the lookup of the first result's schema id
        final SchemaRegistry down = new SchemaRegistry() {
            @Override
            public int register(final String subject, final Schema schema) {
                throw new SchemaRegistryException("http://registry.invalid", "unreachable");
            }

            @Override
            public Schema schemaById(final int id) {
                throw new SchemaRegistryException("http://registry.invalid", "unreachable");
            }

            @Override
            public String location() {
                return "http://registry.invalid";
            }
        };
        try (CommandClient waiting = CommandClient.builder()
                .kafka(kafka.clientProperties())
                .codec(AvroCodec.withRegistry(SchemaCatalog.shipped(), down, Set.of()))
                .topics(idle.commands(), idle.results())
                .build()) {
            assertThat(waiting.awaitReady(Duration.ofSeconds(30))).isTrue();
            final CompletableFuture<CommandResult> garbled = waiting.submit(open("cl-bad-1", "client-7", "1"));
            final CompletableFuture<CommandResult> readable = waiting.submit(open("cl-good-1", "client-8", "1"));
            // what a service would have answered, the first in the registry's framing (magic byte 0, schema id 42)
            try (KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(idle.results(), "cl-bad-1", new byte[] {0, 0, 0, 0, 42, 2}));
                producer.send(new ProducerRecord<>(
                        idle.results(), "cl-good-1", AvroCodec.shipped().encode(accepted("cl-good-1", "client-8"))));
            }

            assertThatThrownBy(() -> garbled.get(30, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOfSatisfying(
                            CommandResultUnreadableException.class,
                            e -> assertThat(e.commandId()).isEqualTo("cl-bad-1"))
                    .hasMessageContaining("outcome is unknown");
            assertThat(readable.get(30, TimeUnit.SECONDS).getVersion()).isEqualTo(1L);
        }
    }

    private record Topics(String commands, String results) {}

    /** A commands and a results topic that no service reads or writes. */
    private Topics idleTopics(final String prefix) {
        final Topics topics = new Topics(prefix + ".commands", prefix + ".results");
        kafka.createTopic(topics.commands(), 1, Map.of());
        kafka.createTopic(topics.results(), 1, Map.of());
        return topics;
    }

    /** The whole topic, up to its current end. */
    private List<ConsumerRecord<String, byte[]>> readAll(final String topic) {
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(kafka.clientProperties(), new StringDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime())
                        .as("read %s to its end %s", topic, end)
                        .isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static Metadata metadata() {
        return Metadata.newBuilder().build();
    }

    private static CommandResult accepted(final String commandId, final String accountId) {
        return CommandResult.newBuilder()
                .setCommandId(commandId)
                .setAccountId(accountId)
                .setCommandType("OpenAccount")
                .setOutcome(Outcome.ACCEPTED)
                .setVersion(1L)
                .setBalance(new BigDecimal("1.00"))
                .setEventCount(1)
                .setRejection(null)
                .setProcessedAt(Instant.now())
                .setRequestFingerprint(null)
                .build();
    }

    private static OpenAccount open(final String commandId, final String accountId, final String deposit) {
        return OpenAccount.newBuilder()
                .setCommandId(commandId)
                .setAccountId(accountId)
                .setExpectedVersion(null)
                .setOccurredAt(null)
                .setMetadata(metadata())
                .setHolder("Kafka Producer")
                .setInitialDeposit(new BigDecimal(deposit))
                .build();
    }
}
