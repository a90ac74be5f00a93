package dev.kes.transfer.topology;

import static dev.kes.transfer.topology.TransferSteps.T;
import static dev.kes.transfer.topology.TransferSteps.creditAccepted;
import static dev.kes.transfer.topology.TransferSteps.creditRejected;
import static dev.kes.transfer.topology.TransferSteps.credited;
import static dev.kes.transfer.topology.TransferSteps.debited;
import static dev.kes.transfer.topology.TransferSteps.deposited;
import static dev.kes.transfer.topology.TransferSteps.money;
import static dev.kes.transfer.topology.TransferSteps.refundRejected;
import static dev.kes.transfer.topology.TransferSteps.refunded;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.schemas.command.CreditTransfer;
import dev.kes.schemas.command.RefundTransfer;
import dev.kes.schemas.contract.CommandFingerprint;
import dev.kes.schemas.registry.InMemorySchemaRegistry;
import dev.kes.schemas.result.Outcome;
import dev.kes.schemas.result.RejectionCode;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.view.TransferStatus;
import dev.kes.schemas.view.TransferView;
import dev.kes.service.kafka.DeadLetterHeaders;
import dev.kes.service.kafka.TopicNames;
import dev.kes.transfer.TransferManagerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransferTopologyTest {
    private static final TopicNames TOPICS = TopicNames.defaults();
    private static final String DLQ = TransferManagerConfig.DEFAULT_DLQ;
    private static final Duration RESEND_AFTER = Duration.ofMinutes(5);
    private static final Duration FINISHED_RETENTION = Duration.ofHours(1);

    @TempDir
    Path state;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private AvroCodec codec = AvroCodec.shipped();
    private TestInputTopic<String, byte[]> events;
    private TestInputTopic<String, byte[]> results;
    private TestOutputTopic<String, byte[]> commands;
    private TestOutputTopic<String, byte[]> dlq;

    private void start(final AvroCodec writing) {
        codec = writing;
        final TransferManagerConfig config = TransferManagerConfig.of(Map.of(
                "state.dir",
                state.toString(),
                "transfer.resend.after.ms",
                String.valueOf(RESEND_AFTER.toMillis()),
                "transfer.finished.retention.ms",
                String.valueOf(FINISHED_RETENTION.toMillis())));
        final Properties props = TransferStreamsConfig.properties(config);
        driver = new TopologyTestDriver(TransferTopology.build(config, new TransferMetrics(meters), writing), props);
        events = driver.createInputTopic(TOPICS.events(), new StringSerializer(), new ByteArraySerializer());
        results = driver.createInputTopic(TOPICS.results(), new StringSerializer(), new ByteArraySerializer());
        commands = driver.createOutputTopic(TOPICS.commands(), new StringDeserializer(), new ByteArrayDeserializer());
        dlq = driver.createOutputTopic(DLQ, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void everyNodeStoreAndInternalTopicIsNamed() {
        final String description = TransferTopology.build(TransferManagerConfig.of(Map.of()))
                .describe()
                .toString();
        // generated names (KSTREAM-…-0000000003) shift when the topology changes, and with them internal topics
        assertThat(description)
                .doesNotContain("KSTREAM-")
                .doesNotContain("KTABLE-")
                .contains(TransferTopology.REPARTITION + "-repartition")
                .contains(TransferTopology.STORE);
    }

    @Test
    void aDebitSendsTheCreditWithTheDerivedCommandIdToTheTarget() {
        start(AvroCodec.shipped());
        events.pipeInput("acc-a", codec.encode(debited("t-1", "acc-a", "acc-b", "25.50")));

        final List<TestRecord<String, byte[]>> sent = commands.readRecordsToList();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).key()).isEqualTo("acc-b");
        final CreditTransfer credit = codec.decode(sent.get(0).value(), CreditTransfer.class);
        assertThat(credit.getCommandId()).isEqualTo("t-1/credit");
        assertThat(credit.getAccountId()).isEqualTo("acc-b");
        assertThat(credit.getTransferId()).isEqualTo("t-1");
        assertThat(credit.getFromAccountId()).isEqualTo("acc-a");
        assertThat(credit.getAmount()).isEqualTo(money("25.50"));
        assertThat(credit.getDescription()).isEqualTo("rent");
        assertThat(credit.getExpectedVersion()).isNull();
        assertThat(credit.getOccurredAt()).isNull();
        assertThat(credit.getMetadata().getCorrelationId()).isEqualTo("t-1");
        assertThat(credit.getMetadata().getCausationId()).isEqualTo("debit-event-of-t-1");

        final TransferView view = transfers().get("t-1");
        assertThat(view.getStatus()).isEqualTo(TransferStatus.PENDING);
        assertThat(view.getFromAccountId()).isEqualTo("acc-a");
        assertThat(view.getToAccountId()).isEqualTo("acc-b");
        assertThat(view.getRequestedAt()).isEqualTo(T);
        assertThat(view.getReason()).isNull();
        assertThat(counter(TransferMetrics.COMMANDS_SENT, "type", "CreditTransfer"))
                .isEqualTo(1);
    }

    @Test
    void aRedeliveredDebitSendsNothing() {
        start(AvroCodec.shipped());
        final byte[] debit = codec.encode(debited("t-1", "acc-a", "acc-b", "10.00"));
        events.pipeInput("acc-a", debit);
        events.pipeInput("acc-a", debit);

        assertThat(commands.readRecordsToList()).hasSize(1);
        assertThat(counter(TransferMetrics.DUPLICATES, "step", "debited")).isEqualTo(1);
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void aRejectedCreditSendsOneRefundAndItsCopySendsNoSecond() {
        start(AvroCodec.shipped());
        events.pipeInput("acc-a", codec.encode(debited("t-1", "acc-a", "acc-b", "10.00")));
        commands.readRecordsToList();

        final byte[] rejection = codec.encode(creditRejected("t-1", "acc-b", "account acc-b is closed"));
        results.pipeInput("t-1/credit", rejection);
        final List<TestRecord<String, byte[]>> sent = commands.readRecordsToList();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).key()).isEqualTo("acc-a");
        final RefundTransfer refund = codec.decode(sent.get(0).value(), RefundTransfer.class);
        assertThat(refund.getCommandId()).isEqualTo("t-1/refund");
        assertThat(refund.getAccountId()).isEqualTo("acc-a");
        assertThat(refund.getToAccountId()).isEqualTo("acc-b");
        assertThat(refund.getAmount()).isEqualTo(money("10.00"));
        assertThat(refund.getReason()).isEqualTo("account acc-b is closed");
        assertThat(refund.getMetadata().getCorrelationId()).isEqualTo("t-1");
        assertThat(refund.getMetadata().getCausationId()).isEqualTo("t-1/credit");
        assertThat(transfers().get("t-1").getReason()).isEqualTo("account acc-b is closed");
        assertThat(transfers().get("t-1").getStatus()).isEqualTo(TransferStatus.PENDING);

        // the command service publishes the first outcome again for a retried commandId
        results.pipeInput("t-1/credit", rejection);
        assertThat(commands.isEmpty()).isTrue();
        assertThat(counter(TransferMetrics.DUPLICATES, "step", "credit-rejected"))
                .isEqualTo(1);
        assertThat(counter(TransferMetrics.COMMANDS_SENT, "type", "RefundTransfer"))
                .isEqualTo(1);
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void aCreditedTransferIsCompletedByItsEventOrItsAcceptedResultWhicheverComesFirst() {
        start(AvroCodec.shipped());
        events.pipeInput("acc-a", codec.encode(debited("t-1", "acc-a", "acc-b", "10.00")));
        events.pipeInput("acc-b", codec.encode(credited("t-1", "acc-a", "acc-b", "10.00")));
        results.pipeInput("t-1/credit", codec.encode(creditAccepted("t-1", "acc-b")));
        events.pipeInput("acc-a", codec.encode(debited("t-2", "acc-a", "acc-b", "10.00")));
        results.pipeInput("t-2/credit", codec.encode(creditAccepted("t-2", "acc-b")));
        assertThat(transfers().get("t-2").getStatus()).isEqualTo(TransferStatus.COMPLETED);
        events.pipeInput("acc-b", codec.encode(credited("t-2", "acc-a", "acc-b", "10.00")));

        for (final String id : List.of("t-1", "t-2")) {
            final TransferView view = transfers().get(id);
            assertThat(view.getStatus()).isEqualTo(TransferStatus.COMPLETED);
            assertThat(view.getCompletedAt()).isEqualTo(T.plusSeconds(1));
            assertThat(view.getRequestedAt()).isEqualTo(T);
        }
        assertThat(commands.readRecordsToList()).hasSize(2);
        assertThat(counter(TransferMetrics.FINISHED, "status", "COMPLETED")).isEqualTo(2);
        assertThat(counter(TransferMetrics.DUPLICATES, "step", "credited")).isEqualTo(1);
    }

    @Test
    void aPendingTransfersFollowUpIsSentAgainUntilItsOutcomeArrives() {
        start(AvroCodec.shipped());
        events.pipeInput("acc-a", codec.encode(debited("t-1", "acc-a", "acc-b", "10.00")));
        final CreditTransfer first = codec.decode(onlyCommand().value(), CreditTransfer.class);

        driver.advanceWallClockTime(RESEND_AFTER.minusSeconds(2));
        assertThat(commands.isEmpty()).as("not due yet").isTrue();
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        final TestRecord<String, byte[]> again = onlyCommand();
        assertThat(again.key()).isEqualTo("acc-b");
        final CreditTransfer resent = codec.decode(again.value(), CreditTransfer.class);
        // the same commandId and request: the command service answers it with the first credit's outcome
        assertThat(resent.getCommandId()).isEqualTo("t-1/credit");
        assertThat(CommandFingerprint.of(resent)).isEqualTo(CommandFingerprint.of(first));
        assertThat(resent.getMetadata().getCorrelationId()).isEqualTo("t-1");
        driver.advanceWallClockTime(RESEND_AFTER);
        assertThat(codec.decode(onlyCommand().value(), CreditTransfer.class).getCommandId())
                .isEqualTo("t-1/credit");

        // refused (again): the refund, then the refund is what is sent again while no outcome of it arrives
        results.pipeInput("t-1/credit", codec.encode(creditRejected("t-1", "acc-b", "account acc-b is closed")));
        final RefundTransfer refund = codec.decode(onlyCommand().value(), RefundTransfer.class);
        driver.advanceWallClockTime(RESEND_AFTER);
        final TestRecord<String, byte[]> refundAgain = onlyCommand();
        assertThat(refundAgain.key()).isEqualTo("acc-a");
        final RefundTransfer resentRefund = codec.decode(refundAgain.value(), RefundTransfer.class);
        assertThat(resentRefund.getCommandId()).isEqualTo("t-1/refund");
        assertThat(CommandFingerprint.of(resentRefund)).isEqualTo(CommandFingerprint.of(refund));

        events.pipeInput("acc-a", codec.encode(refunded("t-1", "acc-a", "acc-b", "10.00", "account acc-b is closed")));
        driver.advanceWallClockTime(RESEND_AFTER.multipliedBy(3));
        assertThat(commands.isEmpty()).as("an ended transfer is not resent").isTrue();
        assertThat(counter(TransferMetrics.RESENT, "type", "CreditTransfer")).isEqualTo(2);
        assertThat(counter(TransferMetrics.RESENT, "type", "RefundTransfer")).isEqualTo(1);
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void aFinishedTransferIsForgottenAfterItsRetentionAndAStepReplayedLaterEndsItTheSameWay() {
        start(AvroCodec.shipped());
        events.pipeInput("acc-a", codec.encode(debited("t-1", "acc-a", "acc-b", "10.00")));
        events.pipeInput("acc-b", codec.encode(credited("t-1", "acc-a", "acc-b", "10.00")));
        events.pipeInput("acc-a", codec.encode(debited("t-2", "acc-a", "acc-c", "3.00")));
        commands.readRecordsToList();

        driver.advanceWallClockTime(FINISHED_RETENTION.minusSeconds(2));
        assertThat(transfers().get("t-1").getStatus()).isEqualTo(TransferStatus.COMPLETED);
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(transfers().get("t-1")).as("forgotten").isNull();
        assertThat(transfers().get("t-2").getStatus()).as("pending: kept").isEqualTo(TransferStatus.PENDING);
        assertThat(counter(TransferMetrics.FORGOTTEN)).isEqualTo(1);
        commands.readRecordsToList(); // t-2's credit, resent meanwhile

        // a replay of the debit: the same credit command, which the command service answers with its first outcome
        events.pipeInput("acc-a", codec.encode(debited("t-1", "acc-a", "acc-b", "10.00")));
        final CreditTransfer credit = codec.decode(onlyCommand().value(), CreditTransfer.class);
        assertThat(credit.getCommandId()).isEqualTo("t-1/credit");
        results.pipeInput("t-1/credit", codec.encode(creditAccepted("t-1", "acc-b")));
        assertThat(transfers().get("t-1").getStatus()).isEqualTo(TransferStatus.COMPLETED);
        driver.advanceWallClockTime(FINISHED_RETENTION);
        assertThat(commands.readRecordsToList())
                .extracting(TestRecord::key)
                .as("only t-2's credit, still pending")
                .containsOnly("acc-c");
        assertThat(transfers().get("t-1")).isNull();
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void transfersKeptByAVersionWithoutTimersGetThem() {
        start(AvroCodec.shipped());
        final TransferView pending = TransferView.newBuilder()
                .setTransferId("old-1")
                .setFromAccountId("acc-a")
                .setToAccountId("acc-b")
                .setAmount(money("7.00"))
                .setStatus(TransferStatus.PENDING)
                .setRequestedAt(T)
                .build();
        transfers().put("old-1", pending);
        final TransferView done = TransferView.newBuilder()
                .setTransferId("old-2")
                .setFromAccountId("acc-a")
                .setToAccountId("acc-b")
                .setAmount(money("7.00"))
                .setRequestedAt(T)
                .setStatus(TransferStatus.COMPLETED)
                .setCompletedAt(T)
                .build();
        transfers().put("old-2", done);

        driver.advanceWallClockTime(Duration.ofSeconds(1));
        driver.advanceWallClockTime(FINISHED_RETENTION);
        assertThat(transfers().get("old-2")).isNull();
        final List<TestRecord<String, byte[]>> sent = commands.readRecordsToList();
        assertThat(sent)
                .isNotEmpty()
                .allSatisfy(record -> assertThat(codec.decode(record.value(), CreditTransfer.class)
                                .getCommandId())
                        .isEqualTo("old-1/credit"));
    }

    @Test
    void aRefundedTransferIsRefundedWithItsReason() {
        start(AvroCodec.shipped());
        events.pipeInput("acc-a", codec.encode(debited("t-1", "acc-a", "acc-b", "10.00")));
        results.pipeInput("t-1/credit", codec.encode(creditRejected("t-1", "acc-b", "account acc-b is closed")));
        events.pipeInput("acc-a", codec.encode(refunded("t-1", "acc-a", "acc-b", "10.00", "account acc-b is closed")));
        // a late copy of the rejection after the refund: still no second refund
        results.pipeInput("t-1/credit", codec.encode(creditRejected("t-1", "acc-b", "account acc-b is closed")));

        final TransferView view = transfers().get("t-1");
        assertThat(view.getStatus()).isEqualTo(TransferStatus.REFUNDED);
        assertThat(view.getReason()).isEqualTo("account acc-b is closed");
        assertThat(view.getCompletedAt()).isEqualTo(T.plusSeconds(2));
        assertThat(commands.readRecordsToList()).extracting(TestRecord::key).containsExactly("acc-b", "acc-a");
        assertThat(counter(TransferMetrics.FINISHED, "status", "REFUNDED")).isEqualTo(1);
    }

    @Test
    void aCreditOfATransferItNeverSawDebitedStillCompletesItFromTheEvent() {
        start(AvroCodec.shipped());
        events.pipeInput("acc-b", codec.encode(credited("t-3", "acc-a", "acc-b", "4.00")));
        // the debit arriving late (a replay from the middle) must not credit again
        events.pipeInput("acc-a", codec.encode(debited("t-3", "acc-a", "acc-b", "4.00")));

        final TransferView view = transfers().get("t-3");
        assertThat(view.getStatus()).isEqualTo(TransferStatus.COMPLETED);
        assertThat(view.getFromAccountId()).isEqualTo("acc-a");
        assertThat(view.getToAccountId()).isEqualTo("acc-b");
        assertThat(commands.isEmpty()).isTrue();
    }

    @Test
    void aRejectionOfACompletedTransferIsDeadLetteredNotRefunded() {
        start(AvroCodec.shipped());
        events.pipeInput("acc-a", codec.encode(debited("t-1", "acc-a", "acc-b", "10.00")));
        events.pipeInput("acc-b", codec.encode(credited("t-1", "acc-a", "acc-b", "10.00")));
        commands.readRecordsToList();
        results.pipeInput("t-1/credit", codec.encode(creditRejected("t-1", "acc-b", "account acc-b is closed")));

        assertThat(commands.isEmpty()).isTrue();
        final List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(text(dead.get(0).headers(), DeadLetterHeaders.ERROR_CLASS)).isEqualTo("CompletedTransfer");
        assertThat(transfers().get("t-1").getStatus()).isEqualTo(TransferStatus.COMPLETED);
    }

    @Test
    void otherEventsAndResultsAreNoneOfItsBusiness() {
        start(AvroCodec.shipped());
        events.pipeInput("acc-a", codec.encode(deposited("acc-a")));
        results.pipeInput("some-deposit", new byte[] {1, 2, 3});

        assertThat(commands.isEmpty()).isTrue();
        assertThat(dlq.isEmpty()).isTrue();
        assertThat(meters.find(TransferMetrics.DEAD_LETTERED).counter()).isNull();
    }

    @Test
    void anUndecodableEventIsDeadLetteredWithItsOriginAndProcessingGoesOn() {
        start(AvroCodec.shipped());
        final byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
        events.pipeInput("acc-a", garbage);
        events.pipeInput("acc-a", codec.encode(debited("t-2", "acc-a", "acc-b", "1.00")));

        final List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).key()).isEqualTo("acc-a");
        assertThat(dead.get(0).value()).isEqualTo(garbage);
        final Headers headers = dead.get(0).headers();
        assertThat(text(headers, DeadLetterHeaders.ERROR_CLASS)).isEqualTo("MalformedRecordException");
        assertThat(text(headers, DeadLetterHeaders.REASON)).isNotBlank();
        assertThat(text(headers, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(TOPICS.events());
        assertThat(text(headers, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(text(headers, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(headers.toArray()).extracting(Header::key).noneMatch(key -> key.startsWith(RouteHeaders.PREFIX));
        assertThat(counter(TransferMetrics.DEAD_LETTERED, "error_class", "MalformedRecordException"))
                .isEqualTo(1);
        assertThat(commands.readRecordsToList()).hasSize(1);
    }

    @Test
    void anotherCommandWhoseIdEndsLikeACreditsRefundsNothing() {
        start(AvroCodec.shipped());
        events.pipeInput("acc-a", codec.encode(debited("t-1", "acc-a", "acc-b", "10.00")));
        commands.readRecordsToList();

        // a deposit sent with Idempotency-Key "t-1/credit", refused
        results.pipeInput(
                "t-1/credit",
                codec.encode(TransferSteps.result(
                        "t-1/credit",
                        "acc-x",
                        "DepositMoney",
                        Outcome.REJECTED,
                        RejectionCode.ACCOUNT_CLOSED,
                        "account acc-x is closed")));
        // a credit of the transfer rejected for another account than its target
        results.pipeInput("t-1/credit", codec.encode(creditRejected("t-1", "acc-x", "account acc-x is closed")));

        assertThat(commands.isEmpty()).isTrue();
        assertThat(transfers().get("t-1").getReason()).isNull();
        assertThat(dlq.readRecordsToList()).hasSize(1);
        assertThat(counter(TransferMetrics.DEAD_LETTERED, "error_class", "KeyMismatch"))
                .isEqualTo(1);
    }

    @Test
    void aRejectionOfAnUnknownTransferIsDeadLettered() {
        start(AvroCodec.shipped());
        final byte[] rejection = codec.encode(creditRejected("t-9", "acc-b", "account acc-b is closed"));
        results.pipeInput("t-9/credit", rejection);

        final List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).key()).isEqualTo("t-9/credit");
        assertThat(dead.get(0).value()).isEqualTo(rejection);
        assertThat(text(dead.get(0).headers(), DeadLetterHeaders.ERROR_CLASS)).isEqualTo("UnknownTransfer");
        assertThat(text(dead.get(0).headers(), DeadLetterHeaders.REASON)).contains("t-9");
        assertThat(text(dead.get(0).headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(TOPICS.results());
        assertThat(commands.isEmpty()).isTrue();
        assertThat(counter(TransferMetrics.DEAD_LETTERED, "error_class", "UnknownTransfer"))
                .isEqualTo(1);
    }

    @Test
    void aRejectedRefundIsDeadLettered() {
        start(AvroCodec.shipped());
        events.pipeInput("acc-a", codec.encode(debited("t-1", "acc-a", "acc-b", "10.00")));
        results.pipeInput("t-1/credit", codec.encode(creditRejected("t-1", "acc-b", "account acc-b is closed")));
        commands.readRecordsToList();
        results.pipeInput("t-1/refund", codec.encode(refundRejected("t-1", "acc-a", "account acc-a does not exist")));

        final List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).key()).isEqualTo("t-1/refund");
        assertThat(text(dead.get(0).headers(), DeadLetterHeaders.ERROR_CLASS)).isEqualTo("RefundRejected");
        assertThat(text(dead.get(0).headers(), DeadLetterHeaders.REASON)).contains("account acc-a does not exist");
        assertThat(commands.isEmpty()).isTrue();
    }

    @Test
    void anUndecodableFollowUpResultIsDeadLettered() {
        start(AvroCodec.shipped());
        results.pipeInput("t-1/credit", new byte[] {(byte) 0xC3, 0x01, 1, 2});

        final List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).key()).isEqualTo("t-1/credit");
        assertThat(text(dead.get(0).headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(TOPICS.results());
    }

    @Test
    void anEventOfAnUnknownTypeIsSkippedAndCounted() {
        start(AvroCodec.shipped());
        // a single-object header with a fingerprint no schema of this build has: a newer producer's event type
        final byte[] unknown = {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0};
        events.pipeInput("acc-a", unknown);

        assertThat(dlq.isEmpty()).isTrue();
        assertThat(commands.isEmpty()).isTrue();
        assertThat(meters.get(TransferMetrics.UNKNOWN_TYPE).counter().count()).isEqualTo(1);
    }

    @Test
    void withARegistryItReadsRegistryFramedStepsAndWritesCommandsInRegistryFraming() {
        final AvroCodec registry = AvroCodec.withRegistry(new InMemorySchemaRegistry());
        start(registry);
        final byte[] debit = registry.encode(debited("t-1", "acc-a", "acc-b", "10.00"));
        assertThat(debit[0]).isEqualTo((byte) 0);
        events.pipeInput("acc-a", debit);
        results.pipeInput("t-1/credit", registry.encode(creditRejected("t-1", "acc-b", "closed")));

        final List<TestRecord<String, byte[]>> sent = commands.readRecordsToList();
        assertThat(sent).hasSize(2);
        assertThat(sent).allSatisfy(record -> assertThat(record.value()[0]).isEqualTo((byte) 0));
        assertThat(registry.decode(sent.get(0).value(), CreditTransfer.class).getCommandId())
                .isEqualTo("t-1/credit");
        assertThat(registry.decode(sent.get(1).value(), RefundTransfer.class).getCommandId())
                .isEqualTo("t-1/refund");
        // the store keeps single-object encoding whatever the codec: its restore never needs the registry
        assertThat(transfers().get("t-1").getReason()).isEqualTo("closed");
    }

    private TestRecord<String, byte[]> onlyCommand() {
        final List<TestRecord<String, byte[]>> sent = commands.readRecordsToList();
        assertThat(sent).hasSize(1);
        return sent.get(0);
    }

    private double counter(final String name) {
        return meters.get(name).counter().count();
    }

    private KeyValueStore<String, TransferView> transfers() {
        return driver.getKeyValueStore(TransferTopology.STORE);
    }

    private double counter(final String name, final String tag, final String value) {
        return meters.get(name).tag(tag, value).counter().count();
    }

    private static String text(final Headers headers, final String key) {
        final Header header = headers.lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
