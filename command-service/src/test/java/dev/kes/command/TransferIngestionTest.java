package dev.kes.command;

import static dev.kes.command.testing.TestCommands.metadata;
import static dev.kes.command.testing.TestCommands.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.command.testing.RawIngestion;
import dev.kes.command.testing.StoredEvent;
import dev.kes.command.testing.TestCommands;
import dev.kes.domain.AccountEvent;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import dev.kes.schemas.command.CloseAccount;
import dev.kes.schemas.command.CreditTransfer;
import dev.kes.schemas.command.OpenAccount;
import dev.kes.schemas.command.RefundTransfer;
import dev.kes.schemas.contract.TransferCommandIds;
import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.result.Outcome;
import dev.kes.schemas.result.RejectionCode;
import dev.kes.schemas.serde.AvroCodec;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three transfer commands written straight to the commands topic, as the process manager (and any producer)
 * writes them: decided like every other command, with events, a result and dedupe, never dead-lettered.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransferIngestionTest {
    private final AvroCodec codec = AvroCodec.shipped();

    @AutoClose
    private RawIngestion ingestion;

    @BeforeAll
    void start(final KafkaTestCluster kafka, @TempDir final Path state) {
        ingestion = RawIngestion.start(kafka, "transfer-ingest", state);
    }

    @Test
    void aTransferMoneyRecordDebitsTheSourceAndARetryDebitsNothingMore() throws Exception {
        open("ti-src-1", "100.00");
        open("ti-dst-1", "0.00");

        send(transfer("ti-1", "ti-src-1", "ti-dst-1", "30", "rent"));
        final CommandResult result = ingestion.awaitResults("ti-1").get("ti-1");

        assertThat(result.getOutcome()).as(String.valueOf(result)).isEqualTo(Outcome.ACCEPTED);
        assertThat(result.getCommandType()).isEqualTo("TransferMoney");
        assertThat(result.getVersion()).isEqualTo(2);
        assertThat(result.getBalance()).isEqualByComparingTo("70.00");
        final List<StoredEvent> source = ingestion.events("ti-src-1");
        assertThat(source).hasSize(2);
        assertThat(source.get(1).key()).isEqualTo("ti-src-1");
        assertThat(source.get(1).causationId()).isEqualTo("ti-1");
        assertThat(source.get(1).event()).isInstanceOfSatisfying(AccountEvent.TransferDebited.class, debited -> {
            assertThat(debited.accountId()).isEqualTo("ti-src-1");
            assertThat(debited.version()).isEqualTo(2);
            assertThat(debited.transferId()).isEqualTo("ti-1");
            assertThat(debited.toAccountId()).isEqualTo("ti-dst-1");
            assertThat(debited.amount()).isEqualTo(new BigDecimal("30.00"));
            assertThat(debited.description()).isEqualTo("rent");
            assertThat(debited.balanceAfter()).isEqualTo(new BigDecimal("70.00"));
        });
        // the debit alone: crediting the target is the process manager's next command
        assertThat(ingestion.events("ti-dst-1")).hasSize(1);

        send(transfer("ti-1", "ti-src-1", "ti-dst-1", "30", "rent"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ingestion.results("ti-1").size() == 2);
        assertThat(ingestion.results("ti-1"))
                .allSatisfy(again -> assertThat(again).isEqualTo(result));
        assertThat(ingestion.events("ti-src-1")).isEqualTo(source);
        assertThat(ingestion.deadLetters()).isEmpty();
    }

    @Test
    void aTransferMoneyRecordTheSourceCannotPayIsRejectedWithTheReason() throws Exception {
        open("ti-src-2", "10.00");
        send(transfer("ti-2", "ti-src-2", "ti-dst-2", "10.01", null));
        send(transfer("ti-3", "ti-src-2", "ti-src-2", "1", null));
        send(transfer("ti-4", "ti-unknown-2", "ti-dst-2", "1", null));

        final Map<String, CommandResult> results = ingestion.awaitResults("ti-2", "ti-3", "ti-4");

        assertRejected(results.get("ti-2"), RejectionCode.INSUFFICIENT_FUNDS, "balance is 10.00");
        assertRejected(results.get("ti-3"), RejectionCode.INVALID_COMMAND, "two different accounts");
        assertRejected(results.get("ti-4"), RejectionCode.NOT_FOUND, "ti-unknown-2 does not exist");
        assertThat(ingestion.events("ti-src-2")).hasSize(1);
    }

    @Test
    void aCreditTransferRecordCreditsTheTargetAndARefundTransferRecordPaysTheSourceBack() throws Exception {
        open("ti-src-5", "50.00");
        open("ti-dst-5", "5.00");
        final String credit = TransferCommandIds.credit("ti-5");
        final String refund = TransferCommandIds.refund("ti-6");

        send(CreditTransfer.newBuilder()
                .setCommandId(credit)
                .setAccountId("ti-dst-5")
                .setExpectedVersion(null)
                .setOccurredAt(null)
                .setMetadata(metadata())
                .setTransferId("ti-5")
                .setFromAccountId("ti-src-5")
                .setAmount(new BigDecimal("20.00"))
                .setDescription("rent")
                .build());
        send(RefundTransfer.newBuilder()
                .setCommandId(refund)
                .setAccountId("ti-src-5")
                .setExpectedVersion(null)
                .setOccurredAt(null)
                .setMetadata(metadata())
                .setTransferId("ti-6")
                .setToAccountId("ti-gone-6")
                .setAmount(new BigDecimal("7.50"))
                .setReason("account ti-gone-6 does not exist")
                .build());
        final Map<String, CommandResult> results = ingestion.awaitResults(credit, refund);

        assertThat(results.get(credit).getOutcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(results.get(refund).getOutcome()).isEqualTo(Outcome.ACCEPTED);
        final StoredEvent credited = ingestion.events("ti-dst-5").get(1);
        assertThat(credited.causationId()).isEqualTo(credit);
        assertThat(credited.event()).isInstanceOfSatisfying(AccountEvent.TransferCredited.class, event -> {
            assertThat(event.version()).isEqualTo(2);
            assertThat(event.transferId()).isEqualTo("ti-5");
            assertThat(event.fromAccountId()).isEqualTo("ti-src-5");
            assertThat(event.amount()).isEqualTo(new BigDecimal("20.00"));
            assertThat(event.description()).isEqualTo("rent");
            assertThat(event.balanceAfter()).isEqualTo(new BigDecimal("25.00"));
        });
        final StoredEvent refunded = ingestion.events("ti-src-5").get(1);
        assertThat(refunded.causationId()).isEqualTo(refund);
        assertThat(refunded.event()).isInstanceOfSatisfying(AccountEvent.TransferRefunded.class, event -> {
            assertThat(event.version()).isEqualTo(2);
            assertThat(event.transferId()).isEqualTo("ti-6");
            assertThat(event.toAccountId()).isEqualTo("ti-gone-6");
            assertThat(event.amount()).isEqualTo(new BigDecimal("7.50"));
            assertThat(event.reason()).isEqualTo("account ti-gone-6 does not exist");
            assertThat(event.balanceAfter()).isEqualTo(new BigDecimal("57.50"));
        });
    }

    @Test
    void aCreditToAClosedOrUnknownAccountIsRejectedWithAMessageNamingTheReason() throws Exception {
        open("ti-closed-7", "0.00");
        send(CloseAccount.newBuilder()
                .setCommandId("ti-close-7")
                .setAccountId("ti-closed-7")
                .setExpectedVersion(null)
                .setOccurredAt(null)
                .setMetadata(metadata())
                .build());
        ingestion.awaitResults("ti-close-7");
        final String toClosed = TransferCommandIds.credit("ti-7");
        final String toUnknown = TransferCommandIds.credit("ti-8");

        send(credit(toClosed, "ti-closed-7", "ti-7"));
        send(credit(toUnknown, "ti-unknown-8", "ti-8"));
        final Map<String, CommandResult> results = ingestion.awaitResults(toClosed, toUnknown);

        // the process manager refunds with this message as the reason
        assertRejected(results.get(toClosed), RejectionCode.ACCOUNT_CLOSED, "account ti-closed-7 is closed");
        assertRejected(results.get(toUnknown), RejectionCode.NOT_FOUND, "account ti-unknown-8 does not exist");
        assertThat(results.get(toClosed).getCommandType()).isEqualTo("CreditTransfer");
        assertThat(ingestion.events("ti-closed-7")).hasSize(2);
        assertThat(ingestion.events("ti-unknown-8")).isEmpty();
    }

    private static void assertRejected(final CommandResult result, final RejectionCode code, final String message) {
        assertThat(result.getOutcome()).as(String.valueOf(result)).isEqualTo(Outcome.REJECTED);
        assertThat(result.getRejection().getCode()).isEqualTo(code);
        assertThat(result.getRejection().getMessage()).contains(message);
    }

    private void open(final String accountId, final String initialDeposit) throws Exception {
        final String commandId = "open-" + accountId;
        send(OpenAccount.newBuilder()
                .setCommandId(commandId)
                .setAccountId(accountId)
                .setExpectedVersion(null)
                .setOccurredAt(null)
                .setMetadata(metadata())
                .setHolder("Transfer Tester")
                .setInitialDeposit(new BigDecimal(initialDeposit))
                .build());
        assertThat(ingestion.awaitResults(commandId).get(commandId).getOutcome())
                .isEqualTo(Outcome.ACCEPTED);
    }

    /** Keyed by its accountId, as the command client and the process manager write commands. */
    private void send(final SpecificRecord command) throws Exception {
        final String accountId = String.valueOf(
                command.get(command.getSchema().getField("accountId").pos()));
        ingestion.send(accountId, codec.encode(command)).get(10, TimeUnit.SECONDS);
    }

    private static CreditTransfer credit(final String commandId, final String target, final String transferId) {
        return TestCommands.credit(commandId, target, transferId, "ti-src-x", "1.00", null);
    }
}
