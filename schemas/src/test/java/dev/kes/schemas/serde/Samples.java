package dev.kes.schemas.serde;

import dev.kes.schemas.archive.ArchivedEvent;
import dev.kes.schemas.archive.ArchivedHeader;
import dev.kes.schemas.command.AddInterest;
import dev.kes.schemas.command.CloseAccount;
import dev.kes.schemas.command.CreditTransfer;
import dev.kes.schemas.command.DepositMoney;
import dev.kes.schemas.command.ErasePersonalData;
import dev.kes.schemas.command.OpenAccount;
import dev.kes.schemas.command.RefundTransfer;
import dev.kes.schemas.command.TransferMoney;
import dev.kes.schemas.command.WithdrawMoney;
import dev.kes.schemas.common.AccountStatus;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.event.AccountClosed;
import dev.kes.schemas.event.AccountOpened;
import dev.kes.schemas.event.InterestAdded;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.event.MoneyWithdrawn;
import dev.kes.schemas.event.PersonalDataErased;
import dev.kes.schemas.event.TransferCredited;
import dev.kes.schemas.event.TransferDebited;
import dev.kes.schemas.event.TransferRefunded;
import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.result.Outcome;
import dev.kes.schemas.result.Rejection;
import dev.kes.schemas.result.RejectionCode;
import dev.kes.schemas.state.AccountSnapshot;
import dev.kes.schemas.view.AccountView;
import dev.kes.schemas.view.BalanceHistoryEntry;
import dev.kes.schemas.view.MonthlySnapshot;
import dev.kes.schemas.view.TransferStatus;
import dev.kes.schemas.view.TransferView;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** Fully populated records of every shipped type, for round trips (test data only; the schema registry's too). */
public final class Samples {

    public static final Instant AT =
            Instant.parse("2024-05-01T10:15:30.123456789Z").truncatedTo(ChronoUnit.MILLIS);
    public static final Instant LATER = AT.plusSeconds(3600);

    private Samples() {}

    public static Metadata metadata() {
        return Metadata.newBuilder()
                .setCorrelationId("corr-1")
                .setCausationId("cmd-1")
                .setExtra(Map.of("source", "test", "ü", "✓"))
                .build();
    }

    public static MoneyDeposited moneyDeposited() {
        return MoneyDeposited.newBuilder()
                .setEventId("evt-2")
                .setAccountId("acc-1")
                .setVersion(2)
                .setOccurredAt(AT)
                .setMetadata(metadata())
                .setAmount(new BigDecimal("12.34"))
                .setDescription("salary")
                .build();
    }

    /** One instance of every shipped type, plus variants with nulls and nested records. */
    public static List<SpecificRecord> all() {
        Metadata empty = Metadata.newBuilder().build();
        return List.of(
                AccountOpened.newBuilder()
                        .setEventId("evt-1")
                        .setAccountId("acc-1")
                        .setVersion(1)
                        .setOccurredAt(AT)
                        .setMetadata(metadata())
                        .setHolder("Ada Lovelace")
                        .setInitialDeposit(new BigDecimal("0.00"))
                        .build(),
                moneyDeposited(),
                MoneyDeposited.newBuilder()
                        .setEventId("evt-3")
                        .setAccountId("acc-1")
                        .setVersion(3)
                        .setOccurredAt(AT)
                        .setMetadata(empty)
                        .setAmount(new BigDecimal("-9999999999999999.99"))
                        .build(),
                MoneyWithdrawn.newBuilder()
                        .setEventId("evt-4")
                        .setAccountId("acc-1")
                        .setVersion(4)
                        .setOccurredAt(AT)
                        .setMetadata(metadata())
                        .setAmount(new BigDecimal("5.01"))
                        .build(),
                InterestAdded.newBuilder()
                        .setEventId("evt-5")
                        .setAccountId("acc-1")
                        .setVersion(5)
                        .setOccurredAt(AT)
                        .setMetadata(metadata())
                        .setAmount(new BigDecimal("0.07"))
                        .build(),
                AccountClosed.newBuilder()
                        .setEventId("evt-6")
                        .setAccountId("acc-1")
                        .setVersion(6)
                        .setOccurredAt(LATER)
                        .setMetadata(metadata())
                        .build(),
                TransferDebited.newBuilder()
                        .setEventId("evt-7")
                        .setAccountId("acc-1")
                        .setVersion(7)
                        .setOccurredAt(AT)
                        .setMetadata(metadata())
                        .setTransferId("t-1")
                        .setToAccountId("acc-2")
                        .setAmount(new BigDecimal("3.50"))
                        .setDescription("rent")
                        .setBalanceAfter(new BigDecimal("96.50"))
                        .build(),
                TransferCredited.newBuilder()
                        .setEventId("evt-8")
                        .setAccountId("acc-2")
                        .setVersion(2)
                        .setOccurredAt(AT)
                        .setMetadata(empty)
                        .setTransferId("t-1")
                        .setFromAccountId("acc-1")
                        .setAmount(new BigDecimal("3.50"))
                        .setBalanceAfter(new BigDecimal("3.50"))
                        .build(),
                TransferRefunded.newBuilder()
                        .setEventId("evt-9")
                        .setAccountId("acc-1")
                        .setVersion(8)
                        .setOccurredAt(LATER)
                        .setMetadata(metadata())
                        .setTransferId("t-2")
                        .setToAccountId("acc-3")
                        .setAmount(new BigDecimal("1.00"))
                        .setReason("account acc-3 is closed")
                        .setBalanceAfter(new BigDecimal("97.50"))
                        .build(),
                PersonalDataErased.newBuilder()
                        .setEventId("evt-10")
                        .setAccountId("acc-1")
                        .setVersion(9)
                        .setOccurredAt(LATER)
                        .setMetadata(metadata())
                        .build(),
                OpenAccount.newBuilder()
                        .setCommandId("cmd-1")
                        .setAccountId("acc-1")
                        .setExpectedVersion(0L)
                        .setOccurredAt(AT)
                        .setMetadata(metadata())
                        .setHolder("Ada")
                        .setInitialDeposit(new BigDecimal("100.00"))
                        .build(),
                DepositMoney.newBuilder()
                        .setCommandId("cmd-2")
                        .setAccountId("acc-1")
                        .setMetadata(empty)
                        .setAmount(new BigDecimal("12.34"))
                        .setDescription("cash")
                        .build(),
                WithdrawMoney.newBuilder()
                        .setCommandId("cmd-3")
                        .setAccountId("acc-1")
                        .setExpectedVersion(2L)
                        .setMetadata(metadata())
                        .setAmount(new BigDecimal("9999999999999999.99"))
                        .build(),
                AddInterest.newBuilder()
                        .setCommandId("cmd-4")
                        .setAccountId("acc-1")
                        .setMetadata(metadata())
                        .setAmount(new BigDecimal("0.01"))
                        .build(),
                CloseAccount.newBuilder()
                        .setCommandId("cmd-5")
                        .setAccountId("acc-1")
                        .setOccurredAt(LATER)
                        .setMetadata(metadata())
                        .build(),
                TransferMoney.newBuilder()
                        .setCommandId("t-1")
                        .setAccountId("acc-1")
                        .setExpectedVersion(6L)
                        .setMetadata(metadata())
                        .setToAccountId("acc-2")
                        .setAmount(new BigDecimal("3.50"))
                        .build(),
                CreditTransfer.newBuilder()
                        .setCommandId("t-1/credit")
                        .setAccountId("acc-2")
                        .setMetadata(empty)
                        .setTransferId("t-1")
                        .setFromAccountId("acc-1")
                        .setAmount(new BigDecimal("3.50"))
                        .setDescription("rent")
                        .build(),
                RefundTransfer.newBuilder()
                        .setCommandId("t-2/refund")
                        .setAccountId("acc-1")
                        .setMetadata(empty)
                        .setTransferId("t-2")
                        .setToAccountId("acc-3")
                        .setAmount(new BigDecimal("1.00"))
                        .setReason("account acc-3 is closed")
                        .build(),
                ErasePersonalData.newBuilder()
                        .setCommandId("cmd-erase-1")
                        .setAccountId("acc-1")
                        .setMetadata(metadata())
                        .build(),
                AccountSnapshot.newBuilder()
                        .setAccountId("acc-1")
                        .setHolder("Ada")
                        .setBalance(new BigDecimal("112.34"))
                        .setVersion(2)
                        .setStatus(AccountStatus.OPEN)
                        .setOpenedAt(AT)
                        .setUpdatedAt(LATER)
                        .build(),
                CommandResult.newBuilder()
                        .setCommandId("cmd-2")
                        .setAccountId("acc-1")
                        .setCommandType("DepositMoney")
                        .setOutcome(Outcome.ACCEPTED)
                        .setVersion(2)
                        .setBalance(new BigDecimal("112.34"))
                        .setEventCount(1)
                        .setProcessedAt(AT)
                        .build(),
                CommandResult.newBuilder()
                        .setCommandId("cmd-3")
                        .setAccountId("acc-1")
                        .setCommandType("WithdrawMoney")
                        .setOutcome(Outcome.REJECTED)
                        .setVersion(2)
                        .setRejection(Rejection.newBuilder()
                                .setCode(RejectionCode.INSUFFICIENT_FUNDS)
                                .setMessage("balance 112.34 < 200.00")
                                .setCurrentVersion(2L)
                                .build())
                        .setProcessedAt(AT)
                        .build(),
                AccountView.newBuilder()
                        .setAccountId("acc-1")
                        .setHolder("Ada")
                        .setBalance(new BigDecimal("0.00"))
                        .setVersion(6)
                        .setStatus(AccountStatus.CLOSED)
                        .setOpenedAt(AT)
                        .setUpdatedAt(LATER)
                        .build(),
                BalanceHistoryEntry.newBuilder()
                        .setVersion(2)
                        .setOccurredAt(AT)
                        .setBalance(new BigDecimal("99999999999999999999999999999999999.99"))
                        .build(),
                MonthlySnapshot.newBuilder()
                        .setMonth("2024-05")
                        .setOpeningBalance(new BigDecimal("0.00"))
                        .setClosingBalance(new BigDecimal("107.33"))
                        .setDeposits(new BigDecimal("112.34"))
                        .setWithdrawals(new BigDecimal("5.01"))
                        .setInterest(new BigDecimal("0.00"))
                        .setEventCount(3)
                        .setLastVersion(3)
                        .build(),
                MonthlySnapshot.newBuilder()
                        .setMonth("2024-06")
                        .setOpeningBalance(new BigDecimal("107.33"))
                        .setClosingBalance(new BigDecimal("104.83"))
                        .setDeposits(new BigDecimal("0.00"))
                        .setWithdrawals(new BigDecimal("0.00"))
                        .setInterest(new BigDecimal("0.00"))
                        .setTransfersIn(new BigDecimal("1.00"))
                        .setTransfersOut(new BigDecimal("3.50"))
                        .setEventCount(2)
                        .setLastVersion(5)
                        .build(),
                TransferView.newBuilder()
                        .setTransferId("t-2")
                        .setFromAccountId("acc-1")
                        .setToAccountId("acc-3")
                        .setAmount(new BigDecimal("1.00"))
                        .setStatus(TransferStatus.REFUNDED)
                        .setReason("account acc-3 is closed")
                        .setRequestedAt(AT)
                        .setCompletedAt(LATER)
                        .build(),
                ArchivedEvent.newBuilder()
                        .setTopic("account-events")
                        .setPartition(2)
                        .setOffset(41)
                        .setTimestamp(Instant.parse("2024-05-01T10:00:00Z"))
                        .setKey("acc-1")
                        .setValue(ByteBuffer.wrap(new byte[] {(byte) 0xC3, 0x01, 1, 2, 3}))
                        .setHeaders(List.of(new ArchivedHeader("kes.trace", ByteBuffer.wrap(new byte[] {7}))))
                        .build());
    }
}
