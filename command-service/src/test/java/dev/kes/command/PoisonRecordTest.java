package dev.kes.command;

import static dev.kes.command.testing.DeadLetters.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.command.testing.DeadLetters;
import dev.kes.command.testing.RawIngestion;
import dev.kes.command.testing.StoredEvent;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import dev.kes.schemas.command.DepositMoney;
import dev.kes.schemas.command.OpenAccount;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.event.AccountOpened;
import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.result.Outcome;
import dev.kes.schemas.result.RejectionCode;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.kafka.DeadLetterHeaders;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records on the commands topic that are not good commands never stop the processor: what cannot be attributed to a
 * command goes to the DLQ with its original key, bytes and the reason; a readable command that is wrong gets a
 * rejection result. Either way the next good command is processed.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoisonRecordTest {
    private static final String KEY = "poison-1";

    private final AvroCodec codec = AvroCodec.shipped();

    @AutoClose
    private RawIngestion ingestion;

    /** What a producer wrote, and where it landed. */
    private record Sent(String key, byte[] value, RecordMetadata where) {}

    @BeforeAll
    void start(final KafkaTestCluster kafka, @TempDir final Path state) {
        ingestion = RawIngestion.start(kafka, "poison", state);
    }

    @Test
    void undecodableRecordsAreDeadLetteredAndProcessingGoesOn() throws Exception {
        final byte[] random = new byte[64];
        new Random(7).nextBytes(random);
        random[0] = 0x42; // not the single-object magic
        final byte[] valid = codec.encode(open("poison-open", KEY));

        final Sent garbage = send(KEY, random);
        final Sent tombstone = send(KEY, null);
        final Sent unknownSchema = send(KEY, DeadLetters.withFingerprint(valid, 0x0123456789ABCDEFL));
        final Sent truncated = send(KEY, Arrays.copyOf(valid, valid.length - 5));
        final Sent event = send(
                KEY,
                codec.encode(AccountOpened.newBuilder()
                        .setEventId("e-1")
                        .setAccountId(KEY)
                        .setVersion(1)
                        .setOccurredAt(Instant.now())
                        .setMetadata(metadata())
                        .setHolder("Not A Command")
                        .setInitialDeposit(new BigDecimal("1.00"))
                        .build()));
        final Sent result = send(
                KEY,
                codec.encode(CommandResult.newBuilder()
                        .setCommandId("r-1")
                        .setAccountId(KEY)
                        .setCommandType("OpenAccount")
                        .setOutcome(Outcome.ACCEPTED)
                        .setVersion(1)
                        .setBalance(null)
                        .setRejection(null)
                        .setProcessedAt(Instant.now())
                        .build()));
        // a producer writing the schema-registry framing to a service configured without a registry
        final Sent registryFramed = send(KEY, DeadLetters.withSchemaId(valid, 7));
        send(KEY, valid);

        assertThat(ingestion.awaitResults("poison-open").get("poison-open").getOutcome())
                .isEqualTo(Outcome.ACCEPTED);
        final List<ConsumerRecord<String, byte[]>> dead = ingestion.deadLetters();
        assertThat(dead).hasSize(7);
        assertDeadLettered(dead.get(0), garbage, "MalformedRecordException");
        assertDeadLettered(dead.get(1), tombstone, "MalformedRecordException");
        assertDeadLettered(dead.get(2), unknownSchema, "UnknownSchemaException");
        assertDeadLettered(dead.get(3), truncated, "MalformedRecordException");
        assertDeadLettered(dead.get(4), event, "NotACommand");
        assertDeadLettered(dead.get(5), result, "NotACommand");
        assertDeadLettered(dead.get(6), registryFramed, "UnknownSchemaException");
        assertThat(header(dead.get(6), DeadLetterHeaders.REASON))
                .contains("schema-registry framing (schema id 7)")
                .contains("no schema.registry.url is configured");
        assertThat(header(dead.get(4), DeadLetterHeaders.REASON))
                .contains("AccountOpened")
                .contains("not a command");
        assertThat(ingestion.events(KEY)).extracting(StoredEvent::version).containsExactly(1L);
    }

    @Test
    void readableButWrongCommandsAreRejectedAndProcessingGoesOn() throws Exception {
        final String key = "poison-2";
        send(key, codec.encode(open("poison-misrouted", "someone-else")));
        send(null, codec.encode(open("poison-no-key", "no-key-account")));
        final DepositMoney badVersion = deposit("poison-bad-version", key);
        badVersion.setExpectedVersion(-3L);
        send(key, codec.encode(badVersion));
        send(key, codec.encode(open("poison-open-2", key)));
        send(key, codec.encode(deposit("poison-deposit-2", key)));

        final Map<String, CommandResult> results = ingestion.awaitResults(
                "poison-misrouted", "poison-no-key", "poison-bad-version", "poison-open-2", "poison-deposit-2");
        assertRejected(
                results.get("poison-misrouted"), "the record key 'poison-2' must be the accountId 'someone-else'");
        assertRejected(results.get("poison-no-key"), "the record key 'null' must be the accountId 'no-key-account'");
        assertRejected(results.get("poison-bad-version"), "expected version");
        assertThat(results.get("poison-deposit-2").getVersion()).isEqualTo(2);
        final List<StoredEvent> events = ingestion.events();
        assertThat(events).extracting(StoredEvent::accountId).doesNotContain("someone-else", "no-key-account");
        assertThat(events)
                .filteredOn(e -> e.accountId().equals(key))
                .extracting(StoredEvent::version)
                .containsExactly(1L, 2L);
        assertThat(ingestion.deadLetters()).extracting(ConsumerRecord::key).doesNotContain(key);
    }

    private Sent send(final String key, final byte[] value) throws Exception {
        final RecordMetadata where = ingestion.send(key, value).get(30, TimeUnit.SECONDS);
        return new Sent(key, value, where);
    }

    private void assertDeadLettered(
            final ConsumerRecord<String, byte[]> dead, final Sent sent, final String errorClass) {
        assertThat(dead.key()).isEqualTo(sent.key());
        assertThat(dead.value()).isEqualTo(sent.value());
        assertThat(header(dead, DeadLetterHeaders.ERROR_CLASS)).isEqualTo(errorClass);
        assertThat(header(dead, DeadLetterHeaders.REASON)).isNotBlank();
        assertThat(header(dead, DeadLetterHeaders.SOURCE_TOPIC))
                .isEqualTo(ingestion.topics().commands());
        assertThat(header(dead, DeadLetterHeaders.SOURCE_PARTITION))
                .isEqualTo(String.valueOf(sent.where().partition()));
        assertThat(header(dead, DeadLetterHeaders.SOURCE_OFFSET))
                .isEqualTo(String.valueOf(sent.where().offset()));
    }

    private static void assertRejected(final CommandResult rejected, final String messagePart) {
        assertThat(rejected.getOutcome()).isEqualTo(Outcome.REJECTED);
        assertThat(rejected.getRejection().getCode()).isEqualTo(RejectionCode.INVALID_COMMAND);
        assertThat(rejected.getRejection().getMessage()).contains(messagePart);
    }

    private static Metadata metadata() {
        return Metadata.newBuilder().build();
    }

    private static OpenAccount open(final String commandId, final String accountId) {
        return OpenAccount.newBuilder()
                .setCommandId(commandId)
                .setAccountId(accountId)
                .setExpectedVersion(null)
                .setOccurredAt(null)
                .setMetadata(metadata())
                .setHolder("Poison Tester")
                .setInitialDeposit(new BigDecimal("10.00"))
                .build();
    }

    private static DepositMoney deposit(final String commandId, final String accountId) {
        return DepositMoney.newBuilder()
                .setCommandId(commandId)
                .setAccountId(accountId)
                .setExpectedVersion(null)
                .setOccurredAt(null)
                .setMetadata(metadata())
                .setAmount(new BigDecimal("2.50"))
                .setDescription(null)
                .build();
    }
}
