package dev.kes.domain;

import static dev.kes.domain.Scenario.ID;
import static dev.kes.domain.Scenario.NOW;
import static dev.kes.domain.Scenario.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.domain.AccountCommand.CreditTransfer;
import dev.kes.domain.AccountCommand.RefundTransfer;
import dev.kes.domain.AccountCommand.TransferMoney;
import dev.kes.domain.AccountEvent.AccountClosed;
import dev.kes.domain.AccountEvent.AccountOpened;
import dev.kes.domain.AccountEvent.MoneyDeposited;
import dev.kes.domain.AccountEvent.TransferCredited;
import dev.kes.domain.AccountEvent.TransferDebited;
import dev.kes.domain.AccountEvent.TransferRefunded;
import dev.kes.domain.Rejection.Reason;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The three steps of a transfer, each on one account: debit the source, credit the target, or refund the source. */
class TransferDeciderTest {
    private static final Instant T1 = Instant.parse("2026-01-10T09:00:00Z");
    private static final String OTHER = "acc-2";
    private static final String TRANSFER = "t-1";
    private static final ExpectedVersion ANY = ExpectedVersion.any();

    private static AccountOpened opened(final String deposit) {
        return new AccountOpened(ID, 1, T1, "Ada Lovelace", Money.of(deposit));
    }

    private static TransferMoney transfer(final String amount) {
        return new TransferMoney(ID, ANY, null, TRANSFER, OTHER, new BigDecimal(amount), " rent ");
    }

    private static CreditTransfer credit(final String amount) {
        return new CreditTransfer(ID, ANY, null, TRANSFER, OTHER, new BigDecimal(amount), "rent");
    }

    private static RefundTransfer refund(final String amount) {
        return new RefundTransfer(ID, ANY, null, TRANSFER, OTHER, new BigDecimal(amount), "account acc-2 is closed");
    }

    @Nested
    class TheDebit {
        @Test
        void takesTheMoneyOutOfTheSourceWithTheOtherAccountAndTheBalanceAfter() {
            given(opened("100"))
                    .when(transfer("30.5"))
                    .then(new TransferDebited(
                            ID, 2, NOW, TRANSFER, OTHER, Money.of("30.50"), "rent", Money.of("69.50")));
        }

        @Test
        void refusesAnOverdraw() {
            given(opened("10")).when(transfer("10.01")).thenRejected(Reason.INSUFFICIENT_FUNDS, "balance is 10.00");
        }

        @Test
        void needsAnOpenSource() {
            given().when(transfer("1")).thenRejected(Reason.NOT_FOUND, "does not exist");
            given(opened("0"), new AccountClosed(ID, 2, T1))
                    .when(transfer("1"))
                    .thenRejected(Reason.ACCOUNT_CLOSED, "closed");
        }

        @Test
        void checksTheSourcesVersion() {
            given(opened("100"))
                    .when(new TransferMoney(
                            ID, ExpectedVersion.exactly(3), null, TRANSFER, OTHER, BigDecimal.ONE, null))
                    .thenRejected(Reason.CONFLICT, "at version 1");
        }

        @Test
        void needsTwoDifferentAccounts() {
            given(opened("100"))
                    .when(new TransferMoney(ID, ANY, null, TRANSFER, ID, BigDecimal.ONE, null))
                    .thenRejected(Reason.INVALID_COMMAND, "two different accounts");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-1", "1.001"})
        void refusesBadAmounts(final String amount) {
            given(opened("100")).when(transfer(amount)).thenRejected(Reason.INVALID_COMMAND, "amount");
        }

        @Test
        void refusesABadTargetIdOrAMissingTransferId() {
            given(opened("100"))
                    .when(new TransferMoney(ID, ANY, null, TRANSFER, " x", BigDecimal.ONE, null))
                    .thenRejected(Reason.INVALID_COMMAND, "toAccountId");
            given(opened("100"))
                    .when(new TransferMoney(ID, ANY, null, " ", OTHER, BigDecimal.ONE, null))
                    .thenRejected(Reason.INVALID_COMMAND, "transferId");
            given(opened("100"))
                    .when(new TransferMoney(ID, ANY, null, "t/credit", OTHER, BigDecimal.ONE, null))
                    .thenRejected(Reason.INVALID_COMMAND, "must not contain '/'");
        }
    }

    @Nested
    class TheCredit {
        @Test
        void paysIntoTheTarget() {
            given(opened("5"))
                    .when(credit("30.50"))
                    .then(new TransferCredited(
                            ID, 2, NOW, TRANSFER, OTHER, Money.of("30.50"), "rent", Money.of("35.50")));
        }

        @Test
        void isRefusedByAnUnknownOrClosedTarget() {
            given().when(credit("1")).thenRejected(Reason.NOT_FOUND, "does not exist");
            given(opened("0"), new AccountClosed(ID, 2, T1))
                    .when(credit("1"))
                    .thenRejected(Reason.ACCOUNT_CLOSED, "closed");
        }

        @Test
        void isRefusedWhenTheBalanceWouldNotFit() {
            given(opened("9999999999999999.00")).when(credit("1")).thenRejected(Reason.INVALID_COMMAND, "exceed");
        }
    }

    @Nested
    class TheRefund {
        @Test
        void paysTheMoneyBackWithTheReason() {
            given(opened("100"), new TransferDebited(ID, 2, T1, TRANSFER, OTHER, Money.of("30"), null, Money.of("70")))
                    .when(refund("30"))
                    .then(new TransferRefunded(
                            ID,
                            3,
                            NOW,
                            TRANSFER,
                            OTHER,
                            Money.of("30.00"),
                            "account acc-2 is closed",
                            Money.of("100.00")));
        }

        @Test
        void isNeverRefusedByAClosedSource() {
            // the debit emptied the account and it was closed before the target refused the credit
            given(
                            opened("30"),
                            new TransferDebited(ID, 2, T1, TRANSFER, OTHER, Money.of("30"), null, Money.ZERO),
                            new AccountClosed(ID, 3, T1))
                    .when(refund("30"))
                    .then(new TransferRefunded(
                            ID,
                            4,
                            NOW,
                            TRANSFER,
                            OTHER,
                            Money.of("30.00"),
                            "account acc-2 is closed",
                            Money.of("30.00")));
        }
    }

    @Test
    void evolveMovesTheBalanceOfEachStep() {
        final Account state = AccountDecider.replay(
                ID,
                List.of(
                        opened("100"),
                        new TransferDebited(ID, 2, T1, TRANSFER, OTHER, Money.of("30"), null, Money.of("70")),
                        new TransferRefunded(ID, 3, T1, TRANSFER, OTHER, Money.of("30"), "closed", Money.of("100")),
                        new TransferCredited(ID, 4, T1, "t-2", OTHER, Money.of("5"), null, Money.of("105")),
                        new MoneyDeposited(ID, 5, T1, Money.of("1"), null)));
        assertThat(state.balance()).isEqualByComparingTo("106");
        assertThat(state.version()).isEqualTo(5);
    }
}
