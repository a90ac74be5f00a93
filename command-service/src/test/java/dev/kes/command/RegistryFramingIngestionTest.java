package dev.kes.command;

import static dev.kes.command.testing.DeadLetters.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.kes.command.testing.DeadLetters;
import dev.kes.command.testing.RawIngestion;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import dev.kes.schemas.command.DepositMoney;
import dev.kes.schemas.command.OpenAccount;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.event.AccountOpened;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.registry.InMemorySchemaRegistry;
import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.result.Outcome;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.kafka.DeadLetterHeaders;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command service with a schema registry (in memory, injected as its codec): it reads commands in both framings,
 * writes events and results in the registry framing, answers a retry in the registry framing too, and dead-letters
 * a command whose schema id the registry does not know, with the id in the reason, and goes on.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryFramingIngestionTest {
    private static final String ACCOUNT = "registry-1";

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private AvroCodec codec;

    @AutoClose
    private RawIngestion ingestion;

    @BeforeAll
    void start(final KafkaTestCluster kafka, @TempDir final Path state) {
        codec = AvroCodec.withRegistry(registry);
        ingestion = RawIngestion.start(kafka, "registry", state, codec);
    }

    @Test
    void bothFramingsInRegistryFramingOutAndUnknownIdsToTheDlq() throws Exception {
        final byte[] deposit = AvroCodec.shipped().encode(deposit("reg-deposit"));
        send(codec.encode(open("reg-open"))); // registry framing
        send(deposit); // single-object, written before the registry was set
        final byte[] unknownId = DeadLetters.withSchemaId(AvroCodec.shipped().encode(deposit("reg-unknown")), 424242);
        final RecordMetadata unknownAt = send(unknownId);
        send(deposit); // a retry of the single-object deposit
        send(codec.encode(deposit("reg-after")));

        final List<ConsumerRecord<String, byte[]>> results =
                await().atMost(Duration.ofSeconds(60)).until(ingestion::results, r -> r.size() >= 4);
        assertThat(results)
                .hasSize(4)
                .allSatisfy(r -> assertThat(r.value()[0]).as("registry magic").isZero());
        assertThat(results)
                .extracting(r -> codec.decode(r.value(), CommandResult.class))
                .extracting(CommandResult::getCommandId, CommandResult::getOutcome, CommandResult::getVersion)
                .containsExactlyInAnyOrder( // keyed by commandId: several partitions
                        tuple("reg-open", Outcome.ACCEPTED, 1L),
                        tuple("reg-deposit", Outcome.ACCEPTED, 2L),
                        tuple("reg-deposit", Outcome.ACCEPTED, 2L),
                        tuple("reg-after", Outcome.ACCEPTED, 3L));

        final List<ConsumerRecord<String, byte[]>> events = ingestion.eventRecords();
        assertThat(events).hasSize(3).allSatisfy(r -> {
            assertThat(r.value()[0]).isZero();
            final int id = ByteBuffer.wrap(r.value(), 1, 4).getInt();
            final SpecificRecord event = codec.decode(r.value());
            assertThat(registry.schemaById(id)).isEqualTo(event.getSchema());
        });
        assertThat(events)
                .extracting(r -> (Object) codec.decode(r.value()).getClass())
                .containsExactly(AccountOpened.class, MoneyDeposited.class, MoneyDeposited.class);

        final List<ConsumerRecord<String, byte[]>> dead = ingestion.deadLetters();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).isEqualTo(unknownId);
        assertThat(header(dead.get(0), DeadLetterHeaders.ERROR_CLASS)).isEqualTo("UnknownSchemaException");
        assertThat(header(dead.get(0), DeadLetterHeaders.REASON)).contains("schema id 424242");
        assertThat(header(dead.get(0), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo(String.valueOf(unknownAt.offset()));
    }

    private RecordMetadata send(final byte[] value) throws Exception {
        return ingestion.send(ACCOUNT, value).get(30, TimeUnit.SECONDS);
    }

    private static Metadata metadata() {
        return Metadata.newBuilder()
                .setCorrelationId(null)
                .setCausationId(null)
                .setExtra(Map.of())
                .build();
    }

    private static OpenAccount open(final String commandId) {
        return OpenAccount.newBuilder()
                .setCommandId(commandId)
                .setAccountId(ACCOUNT)
                .setExpectedVersion(null)
                .setOccurredAt(null)
                .setMetadata(metadata())
                .setHolder("Reg Istry")
                .setInitialDeposit(new BigDecimal("10.00"))
                .build();
    }

    private static DepositMoney deposit(final String commandId) {
        return DepositMoney.newBuilder()
                .setCommandId(commandId)
                .setAccountId(ACCOUNT)
                .setExpectedVersion(null)
                .setOccurredAt(null)
                .setMetadata(metadata())
                .setAmount(new BigDecimal("1.50"))
                .setDescription(null)
                .build();
    }
}
