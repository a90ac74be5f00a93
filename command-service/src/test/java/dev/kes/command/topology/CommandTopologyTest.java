package dev.kes.command.topology;

import static dev.kes.command.testing.TestCommands.deposit;
import static dev.kes.command.testing.TestCommands.metadata;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.kes.command.CommandServiceConfig;
import dev.kes.command.testing.CommandDrivers;
import dev.kes.command.testing.TestCommands;
import dev.kes.schemas.command.CloseAccount;
import dev.kes.schemas.command.CreditTransfer;
import dev.kes.schemas.command.DepositMoney;
import dev.kes.schemas.command.OpenAccount;
import dev.kes.schemas.command.WithdrawMoney;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.event.AccountOpened;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.result.Outcome;
import dev.kes.schemas.result.RejectionCode;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.state.AccountSnapshot;
import dev.kes.service.kafka.DeadLetterHeaders;
import dev.kes.service.kafka.TopicNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CommandTopologyTest {
    private static final Instant START = Instant.parse("2026-05-01T12:00:00Z");
    private final AvroCodec codec = AvroCodec.shipped();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> commands;
    private TestOutputTopic<String, byte[]> events;
    private TestOutputTopic<String, byte[]> results;
    private TestOutputTopic<String, byte[]> dlq;

    @BeforeEach
    void setUp() {
        start(false);
    }

    private void start(final boolean allowOccurredAt) {
        // the driver feeds every record to partition 0 of the commands topic: one partition owns every key
        start(allowOccurredAt, 1);
    }

    private void start(final boolean allowOccurredAt, final int commandPartitions) {
        if (driver != null) {
            driver.close();
        }
        final CommandServiceConfig config = CommandServiceConfig.of(Map.of(
                        "application.id",
                        "command-topology-test",
                        "allow.occurred.at",
                        String.valueOf(allowOccurredAt)))
                .withCommandPartitions(commandPartitions);
        driver = CommandDrivers.start(CommandTopology.build(config), config, START);
        final TopicNames topics = config.topics();
        commands = CommandDrivers.input(driver, topics.commands());
        events = CommandDrivers.output(driver, topics.events());
        results = CommandDrivers.output(driver, topics.results());
        dlq = CommandDrivers.output(driver, topics.dlq());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void send(final SpecificRecord command, final String key) {
        commands.pipeInput(key, codec.encode(command));
    }

    private CommandResult onlyResult() {
        final List<TestRecord<String, byte[]>> all = results.readRecordsToList();
        assertThat(all).hasSize(1);
        return codec.decode(all.get(0).value(), CommandResult.class);
    }

    @Test
    void openThenDepositAppendsVersionedEventsAndAnswers() {
        send(open("c1", "acc-1", "100.00"), "acc-1");
        assertThat(onlyResult().getOutcome()).isEqualTo(Outcome.ACCEPTED);
        send(deposit("c2", "acc-1", "25.50", 1L), "acc-1");
        final CommandResult result = onlyResult();
        assertThat(result.getVersion()).isEqualTo(2);
        assertThat(result.getBalance()).isEqualByComparingTo("125.50");

        final List<TestRecord<String, byte[]>> appended = events.readRecordsToList();
        assertThat(appended).extracting(TestRecord::key).containsExactly("acc-1", "acc-1");
        final AccountOpened opened = codec.decode(appended.get(0).value(), AccountOpened.class);
        final MoneyDeposited deposited = codec.decode(appended.get(1).value(), MoneyDeposited.class);
        assertThat(opened.getVersion()).isEqualTo(1);
        assertThat(deposited.getVersion()).isEqualTo(2);
        assertThat(deposited.getMetadata().getCausationId()).isEqualTo("c2");
        assertThat(deposited.getMetadata().getCorrelationId()).isEqualTo("corr-1");
        assertThat(appended.get(1).timestamp())
                .isEqualTo(deposited.getOccurredAt().toEpochMilli());

        // the driver commits after each command: one snapshot per commit on the snapshot topic, in version order
        final List<AccountSnapshot> snapshots = CommandDrivers.output(
                        driver, StoreNames.changelog("command-topology-test", StoreNames.ACCOUNT_STATE))
                .readValuesToList()
                .stream()
                .map(bytes -> codec.decode(bytes, AccountSnapshot.class))
                .toList();
        assertThat(snapshots).extracting(AccountSnapshot::getVersion).containsExactly(1L, 2L);
        assertThat(snapshots.get(1).getBalance()).isEqualByComparingTo("125.50");
    }

    @Test
    void aVersionConflictWritesNothing() {
        send(open("c1", "acc-1", "1"), "acc-1");
        results.readRecordsToList();
        events.readRecordsToList();
        send(deposit("c2", "acc-1", "1", 5L), "acc-1");
        final CommandResult result = onlyResult();
        assertThat(result.getOutcome()).isEqualTo(Outcome.REJECTED);
        assertThat(result.getRejection().getCode()).isEqualTo(RejectionCode.CONFLICT);
        assertThat(result.getRejection().getCurrentVersion()).isEqualTo(1L);
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void aRetriedCommandIdReturnsTheFirstOutcomeAndWritesNothing() {
        send(open("c1", "acc-1", "1"), "acc-1");
        send(deposit("c2", "acc-1", "10", null), "acc-1");
        results.readRecordsToList();
        events.readRecordsToList();
        send(deposit("c2", "acc-1", "10", null), "acc-1");
        final CommandResult retried = onlyResult();
        assertThat(retried.getVersion()).isEqualTo(2);
        assertThat(retried.getBalance()).isEqualByComparingTo("11.00");
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void aTransferFollowUpSentAgainAfterTheDedupeWindowGetsItsFirstOutcomeAcceptedOrRejected() {
        send(open("c1", "acc-1", "10"), "acc-1");
        send(credit("t-1/credit", "acc-1", "t-1"), "acc-1");
        // no account yet: rejected, and the manager refunds the source on that rejection
        send(credit("t-2/credit", "acc-2", "t-2"), "acc-2");
        send(open("c2", "acc-2", "1"), "acc-2");
        results.readRecordsToList();
        events.readRecordsToList();

        driver.advanceWallClockTime(Duration.ofDays(8)); // beyond the default window of 7 days
        send(credit("t-1/credit", "acc-1", "t-1"), "acc-1");
        send(credit("t-2/credit", "acc-2", "t-2"), "acc-2");

        final List<CommandResult> again = results.readValuesToList().stream()
                .map(bytes -> codec.decode(bytes, CommandResult.class))
                .toList();
        assertThat(again)
                .extracting(CommandResult::getCommandId, CommandResult::getOutcome, CommandResult::getVersion)
                .containsExactly(tuple("t-1/credit", Outcome.ACCEPTED, 2L), tuple("t-2/credit", Outcome.REJECTED, 0L));
        assertThat(again.get(1).getRejection().getCode()).isEqualTo(RejectionCode.NOT_FOUND);
        assertThat(events.isEmpty()).as("neither credit pays (again)").isTrue();
    }

    @Test
    void aCommandIdIsScopedToItsAccountAndEachCommandsEventsHaveTheirOwnIds() {
        send(open("c1", "acc-1", "1"), "acc-1");
        send(open("c1", "acc-2", "1"), "acc-2");
        assertThat(results.readValuesToList())
                .extracting(bytes -> codec.decode(bytes, CommandResult.class))
                .extracting(CommandResult::getAccountId, CommandResult::getOutcome)
                .containsExactly(tuple("acc-1", Outcome.ACCEPTED), tuple("acc-2", Outcome.ACCEPTED));
        final List<AccountOpened> opened = events.readValuesToList().stream()
                .map(bytes -> codec.decode(bytes, AccountOpened.class))
                .toList();
        assertThat(opened).extracting(AccountOpened::getAccountId).containsExactly("acc-1", "acc-2");
        assertThat(opened.get(0).getEventId()).isNotEqualTo(opened.get(1).getEventId());

        // each is retried on its own account
        send(open("c1", "acc-2", "1"), "acc-2");
        assertThat(onlyResult().getAccountId()).isEqualTo("acc-2");
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void aCommandIdReusedWithAnotherRequestIsRefusedAndKeepsItsFirstOutcome() {
        send(open("c1", "acc-1", "100"), "acc-1");
        send(deposit("c2", "acc-1", "10", null), "acc-1");
        final CommandResult first = codec.decode(results.readValuesToList().get(1), CommandResult.class);
        events.readRecordsToList();

        send(
                WithdrawMoney.newBuilder()
                        .setCommandId("c2")
                        .setAccountId("acc-1")
                        .setExpectedVersion(null)
                        .setOccurredAt(null)
                        .setMetadata(metadata())
                        .setAmount(new BigDecimal("10"))
                        .setDescription(null)
                        .build(),
                "acc-1");
        final CommandResult reused = onlyResult();
        assertThat(reused.getOutcome()).isEqualTo(Outcome.REJECTED);
        assertThat(reused.getRejection().getCode()).isEqualTo(RejectionCode.IDEMPOTENCY_KEY_REUSED);
        assertThat(reused.getRejection().getMessage()).contains("'c2'");
        assertThat(reused.getRequestFingerprint()).isNotEqualTo(first.getRequestFingerprint());
        send(deposit("c2", "acc-1", "10", 2L), "acc-1");
        assertThat(onlyResult().getRejection().getCode()).isEqualTo(RejectionCode.IDEMPOTENCY_KEY_REUSED);
        assertThat(events.isEmpty()).isTrue();

        // a true retry, with other tracing metadata, still gets the first outcome, byte for byte
        final DepositMoney retry = deposit("c2", "acc-1", "10.00", null);
        retry.setMetadata(
                Metadata.newBuilder().setCorrelationId("another-trace").build());
        send(retry, "acc-1");
        assertThat(onlyResult()).isEqualTo(first);
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void aDedupeEntryWrittenBeforeScopesAndFingerprintsStillAnswersRetriesOfItsAccount() {
        send(open("c1", "acc-1", "1"), "acc-1");
        results.readRecordsToList();
        events.readRecordsToList();
        // as the previous release stored it: keyed by the commandId alone, a CommandResult v1 without fingerprint
        final KeyValueStore<String, byte[]> dedupe = driver.getKeyValueStore(StoreNames.COMMAND_DEDUPE);
        dedupe.put("old-c", commandResultV1("old-c", "acc-1", 7));

        send(deposit("old-c", "acc-1", "5", null), "acc-1");
        final CommandResult answer = onlyResult();
        assertThat(answer.getVersion()).isEqualTo(7);
        assertThat(answer.getRequestFingerprint()).isNull();
        assertThat(events.isEmpty()).isTrue();

        // the id is this account's: on another account it is another command
        send(open("old-c", "acc-2", "1"), "acc-2");
        assertThat(onlyResult().getOutcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(events.readValuesToList()).hasSize(1);
    }

    /** A result in the single-object encoding of CommandResult v1, the schema before requestFingerprint. */
    private static byte[] commandResultV1(final String commandId, final String accountId, final long version) {
        final Schema v1;
        try (InputStream in = CommandTopologyTest.class
                .getClassLoader()
                .getResourceAsStream("schema-history/dev.kes.schemas.result.CommandResult/v1.avsc")) {
            v1 = new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        final GenericRecord result = new GenericData.Record(v1);
        result.put("commandId", commandId);
        result.put("accountId", accountId);
        result.put("commandType", "DepositMoney");
        result.put("outcome", new GenericData.EnumSymbol(v1.getField("outcome").schema(), "ACCEPTED"));
        result.put("version", version);
        result.put("balance", null);
        result.put("eventCount", 1);
        result.put("rejection", null);
        result.put("processedAt", START.toEpochMilli());
        final ByteBuffer encoded;
        try {
            encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(result);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        final byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        return bytes;
    }

    @Test
    void aCommandOnAPartitionThatDoesNotOwnItsAccountIsRefusedNamingTheOwner() {
        start(false, 4);
        final String owned = accountOnPartition(0, 4);
        final String elsewhere = accountOnPartition(3, 4);

        send(open("c1", elsewhere, "1"), elsewhere);
        final CommandResult refused = onlyResult();
        assertThat(refused.getRejection().getCode()).isEqualTo(RejectionCode.INVALID_COMMAND);
        assertThat(refused.getRejection().getMessage())
                .contains("account " + elsewhere + " belongs to partition 3")
                .contains("written to partition 0");
        assertThat(events.isEmpty()).isTrue();
        final KeyValueStore<String, byte[]> dedupe = driver.getKeyValueStore(StoreNames.COMMAND_DEDUPE);
        try (var remembered = dedupe.all()) {
            assertThat(remembered.hasNext())
                    .as("a misplaced command is not remembered")
                    .isFalse();
        }

        send(open("c2", owned, "1"), owned);
        assertThat(onlyResult().getOutcome()).isEqualTo(Outcome.ACCEPTED);
    }

    private static String accountOnPartition(final int partition, final int partitions) {
        for (int i = 0; ; i++) {
            if (KeyPartitioner.partition("acc-" + i, partitions) == partition) {
                return "acc-" + i;
            }
        }
    }

    @Test
    void businessRulesRejectWithTheirCode() {
        send(open("c1", "acc-1", "5"), "acc-1");
        send(
                WithdrawMoney.newBuilder()
                        .setCommandId("c2")
                        .setAccountId("acc-1")
                        .setExpectedVersion(null)
                        .setOccurredAt(null)
                        .setMetadata(metadata())
                        .setAmount(new BigDecimal("6"))
                        .setDescription(null)
                        .build(),
                "acc-1");
        send(
                CloseAccount.newBuilder()
                        .setCommandId("c3")
                        .setAccountId("acc-1")
                        .setExpectedVersion(null)
                        .setOccurredAt(null)
                        .setMetadata(metadata())
                        .build(),
                "acc-1");
        send(deposit("c4", "nobody", "1", null), "nobody");
        assertThat(results.readRecordsToList())
                .extracting(r -> codec.decode(r.value(), CommandResult.class))
                .extracting(
                        r -> r.getRejection() == null ? null : r.getRejection().getCode())
                .containsExactly(
                        null,
                        RejectionCode.INSUFFICIENT_FUNDS,
                        RejectionCode.NON_ZERO_BALANCE,
                        RejectionCode.NOT_FOUND);
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndProcessingGoesOn() {
        commands.pipeInput("acc-1", "not avro at all".getBytes(StandardCharsets.UTF_8));
        commands.pipeInput("acc-1", (byte[]) null);
        send(open("c1", "acc-1", "1"), "acc-1");
        final List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).hasSize(2);
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not avro at all");
        final Header reason = dead.get(0).headers().lastHeader(DeadLetterHeaders.REASON);
        assertThat(reason).isNotNull();
        assertThat(dead.get(0).headers().lastHeader(DeadLetterHeaders.SOURCE_OFFSET))
                .isNotNull();
        assertThat(onlyResult().getOutcome()).isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void anEventOnTheCommandTopicIsDeadLettered() {
        send(
                AccountOpened.newBuilder()
                        .setEventId("e")
                        .setAccountId("acc-1")
                        .setVersion(1)
                        .setOccurredAt(START)
                        .setMetadata(metadata())
                        .setHolder("x")
                        .setInitialDeposit(BigDecimal.ONE.setScale(2))
                        .build(),
                "acc-1");
        assertThat(dlq.readRecordsToList()).hasSize(1);
        assertThat(results.isEmpty()).isTrue();
    }

    @Test
    void aKeyThatIsNotTheAccountIdIsRejected() {
        send(open("c1", "acc-1", "1"), "acc-2");
        final CommandResult result = onlyResult();
        assertThat(result.getRejection().getCode()).isEqualTo(RejectionCode.INVALID_COMMAND);
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void occurredAtIsRefusedUnlessAllowed() {
        // builders are not copied from an existing record: Avro 1.12 refuses deep copies of untrusted classes
        final OpenAccount backdated = open("c1", "acc-1", "1");
        backdated.setOccurredAt(Instant.parse("2025-01-01T00:00:00Z"));
        send(backdated, "acc-1");
        assertThat(onlyResult().getRejection().getCode()).isEqualTo(RejectionCode.INVALID_COMMAND);

        start(true);
        send(backdated, "acc-1");
        assertThat(onlyResult().getOutcome()).isEqualTo(Outcome.ACCEPTED);
        final TestRecord<String, byte[]> event = events.readRecord();
        assertThat(event.timestamp())
                .isEqualTo(Instant.parse("2025-01-01T00:00:00Z").toEpochMilli());
    }

    @Test
    void anImportBefore1970IsAppliedAndKeepsItsOccurredAt() {
        start(true);
        final OpenAccount ancient = open("c1", "acc-1", "1");
        ancient.setOccurredAt(Instant.parse("1965-03-01T09:00:00Z"));
        send(ancient, "acc-1");
        assertThat(onlyResult().getOutcome()).isEqualTo(Outcome.ACCEPTED);
        final TestRecord<String, byte[]> event = events.readRecord();
        assertThat(codec.decode(event.value(), AccountOpened.class).getOccurredAt())
                .isEqualTo(Instant.parse("1965-03-01T09:00:00Z"));
        // a Kafka timestamp cannot be negative: the earliest one stands in for the instants before it
        assertThat(event.timestamp()).isZero();

        send(deposit("c2", "acc-1", "1", null), "acc-1");
        assertThat(onlyResult().getVersion()).isEqualTo(2);
    }

    @Test
    void aDepositThatWouldTakeTheBalanceBeyondWhatTheEventsCanHoldIsRejected() {
        send(open("c1", "acc-1", "9999999999999999.99"), "acc-1");
        results.readRecordsToList();
        send(deposit("c2", "acc-1", "0.01", null), "acc-1");
        final CommandResult result = onlyResult();
        assertThat(result.getRejection().getCode()).isEqualTo(RejectionCode.INVALID_COMMAND);
        assertThat(result.getRejection().getMessage()).contains("9999999999999999.99");

        send(
                WithdrawMoney.newBuilder()
                        .setCommandId("c3")
                        .setAccountId("acc-1")
                        .setExpectedVersion(null)
                        .setOccurredAt(null)
                        .setMetadata(metadata())
                        .setAmount(new BigDecimal("0.99"))
                        .setDescription(null)
                        .build(),
                "acc-1");
        assertThat(onlyResult().getBalance()).isEqualByComparingTo("9999999999999999.00");
    }

    private static OpenAccount open(final String commandId, final String id, final String deposit) {
        return TestCommands.open(commandId, id, "Ada", deposit);
    }

    private static CreditTransfer credit(final String commandId, final String target, final String transferId) {
        return TestCommands.credit(commandId, target, transferId, "acc-src", "5.00", null);
    }
}
