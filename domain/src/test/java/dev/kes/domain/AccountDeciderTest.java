package dev.kes.domain;

import static dev.kes.domain.Scenario.ID;
import static dev.kes.domain.Scenario.NOW;
import static dev.kes.domain.Scenario.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.domain.AccountCommand.AddInterest;
import dev.kes.domain.AccountCommand.CloseAccount;
import dev.kes.domain.AccountCommand.DepositMoney;
import dev.kes.domain.AccountCommand.OpenAccount;
import dev.kes.domain.AccountCommand.WithdrawMoney;
import dev.kes.domain.AccountEvent.AccountClosed;
import dev.kes.domain.AccountEvent.AccountOpened;
import dev.kes.domain.AccountEvent.InterestAdded;
import dev.kes.domain.AccountEvent.MoneyDeposited;
import dev.kes.domain.AccountEvent.MoneyWithdrawn;
import dev.kes.domain.Rejection.Reason;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccountDeciderTest {
    private static final Instant T1 = Instant.parse("2026-01-10T09:00:00Z");
    private static final Instant T2 = Instant.parse("2026-02-10T09:00:00Z");
    private static final ExpectedVersion ANY = ExpectedVersion.any();

    private static BigDecimal m(final String amount) {
        return new BigDecimal(amount);
    }

    private static AccountOpened opened(final String deposit) {
        return new AccountOpened(ID, 1, T1, "Ada Lovelace", Money.of(deposit));
    }

    private static OpenAccount open(final String deposit) {
        return new OpenAccount(ID, ExpectedVersion.noStream(), null, "Ada Lovelace", m(deposit));
    }

    private static DepositMoney deposit(final String amount) {
        return new DepositMoney(ID, ANY, null, m(amount), null);
    }

    private static WithdrawMoney withdraw(final String amount) {
        return new WithdrawMoney(ID, ANY, null, m(amount), null);
    }

    @Nested
    class Opening {
        @Test
        void opensWithTheInitialDepositAtScaleTwo() {
            given().when(open("100.5")).then(new AccountOpened(ID, 1, NOW, "Ada Lovelace", m("100.50")));
        }

        @Test
        void opensWithZero() {
            given().when(open("0")).then(new AccountOpened(ID, 1, NOW, "Ada Lovelace", m("0.00")));
        }

        @Test
        void refusesToOpenTwice() {
            given(opened("1.00"))
                    .when(new OpenAccount(ID, ANY, null, "Ada", m("1")))
                    .thenRejected(Reason.ALREADY_EXISTS, "already exists");
        }

        @Test
        void openTwiceWithNoStreamExpectationIsAConflict() {
            given(opened("1.00")).when(open("1")).thenRejected(Reason.CONFLICT, "NO_STREAM");
        }

        @Test
        void refusesABlankHolder() {
            given().when(new OpenAccount(ID, ANY, null, "  ", m("1"))).thenRejected(Reason.INVALID_COMMAND, "holder");
        }

        @Test
        void refusesANegativeInitialDeposit() {
            given().when(open("-1")).thenRejected(Reason.INVALID_COMMAND, "negative");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "",
                    "has space",
                    "a/b",
                    "-starts-with-dash",
                    "x12345678901234567890123456789012345678901234567890123456789012345"
                })
        void refusesBadAccountIds(final String id) {
            given().when(new OpenAccount(id, ANY, null, "Ada", m("1")))
                    .thenRejected(Reason.INVALID_COMMAND, "accountId");
        }
    }

    @Nested
    class Amounts {
        @ParameterizedTest
        @ValueSource(strings = {"0", "-0.01", "-5"})
        void mustBePositive(final String amount) {
            given(opened("10")).when(deposit(amount)).thenRejected(Reason.INVALID_COMMAND, "greater than zero");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0.001", "1.234", "10.5001"})
        void haveAtMostTwoDecimals(final String amount) {
            given(opened("10")).when(withdraw(amount)).thenRejected(Reason.INVALID_COMMAND, "2 decimal places");
        }

        @Test
        void trailingZerosAreNotExtraDecimals() {
            given(opened("10"))
                    .when(deposit("1.500"))
                    .then(new MoneyDeposited(ID, 2, NOW, m("1.50"), null, m("11.50")));
        }

        @Test
        void mustFitTheEventSchema() {
            given(opened("10")).when(deposit("10000000000000000")).thenRejected(Reason.INVALID_COMMAND, "exceed");
        }

        @Test
        void theBalanceMustFitTheEventSchemaToo() {
            given(opened("9999999999999999.00"))
                    .when(deposit("0.99"))
                    .then(new MoneyDeposited(ID, 2, NOW, m("0.99"), null, m("9999999999999999.99")));
            given(opened("9999999999999999.00"))
                    .when(deposit("1.00"))
                    .thenRejected(Reason.INVALID_COMMAND, "balance would exceed");
            given(opened("9999999999999999.00"))
                    .when(new AddInterest(ID, ANY, null, m("1")))
                    .thenRejected(Reason.INVALID_COMMAND, "balance would exceed");
        }

        @Test
        void interestMustBePositiveToo() {
            given(opened("10"))
                    .when(new AddInterest(ID, ANY, null, m("0")))
                    .thenRejected(Reason.INVALID_COMMAND, "zero");
        }
    }

    @Nested
    class Movements {
        @Test
        void depositsIncrementTheVersion() {
            given(opened("10"), new MoneyDeposited(ID, 2, T2, m("5.00"), null))
                    .when(new DepositMoney(ID, ANY, null, m("2.25"), "salary"))
                    .then(new MoneyDeposited(ID, 3, NOW, m("2.25"), "salary", m("17.25")));
        }

        @Test
        void withdrawsUpToTheBalance() {
            given(opened("10")).when(withdraw("10")).then(new MoneyWithdrawn(ID, 2, NOW, m("10.00"), null, m("0.00")));
        }

        @Test
        void movementsCarryTheirDescriptionStrippedAndTheBalanceAfter() {
            given(opened("10"))
                    .when(new WithdrawMoney(ID, ANY, null, m("2.50"), "  rent "))
                    .then(new MoneyWithdrawn(ID, 2, NOW, m("2.50"), "rent", m("7.50")));
            given(opened("10"))
                    .when(new DepositMoney(ID, ANY, null, m("1"), "   "))
                    .then(new MoneyDeposited(ID, 2, NOW, m("1.00"), null, m("11.00")));
        }

        @Test
        void refusesAnOverdraw() {
            given(opened("10")).when(withdraw("10.01")).thenRejected(Reason.INSUFFICIENT_FUNDS, "balance is 10.00");
        }

        @Test
        void addsInterest() {
            given(opened("10"))
                    .when(new AddInterest(ID, ANY, null, m("0.07")))
                    .then(new InterestAdded(ID, 2, NOW, m("0.07")));
        }

        @Test
        void nothingHappensToAnUnknownAccount() {
            given().when(deposit("1")).thenRejected(Reason.NOT_FOUND, "does not exist");
            given().when(withdraw("1")).thenRejected(Reason.NOT_FOUND, "does not exist");
            given().when(new AddInterest(ID, ANY, null, m("1"))).thenRejected(Reason.NOT_FOUND, "does not exist");
            given().when(new CloseAccount(ID, ANY, null)).thenRejected(Reason.NOT_FOUND, "does not exist");
        }

        @Test
        void nothingHappensToAClosedAccount() {
            final AccountEvent[] closed = {opened("0"), new AccountClosed(ID, 2, T2)};
            given(closed).when(deposit("1")).thenRejected(Reason.ACCOUNT_CLOSED, "closed");
            given(closed).when(withdraw("1")).thenRejected(Reason.ACCOUNT_CLOSED, "closed");
            given(closed).when(new AddInterest(ID, ANY, null, m("1"))).thenRejected(Reason.ACCOUNT_CLOSED, "closed");
            given(closed).when(new CloseAccount(ID, ANY, null)).thenRejected(Reason.ACCOUNT_CLOSED, "closed");
        }
    }

    @Nested
    class Closing {
        @Test
        void closesAtZero() {
            given(opened("5"), new MoneyWithdrawn(ID, 2, T2, m("5.00")))
                    .when(new CloseAccount(ID, ANY, null))
                    .then(new AccountClosed(ID, 3, NOW));
        }

        @Test
        void refusesToCloseWithMoneyLeft() {
            given(opened("5")).when(new CloseAccount(ID, ANY, null)).thenRejected(Reason.NON_ZERO_BALANCE, "5.00");
        }
    }

    @Nested
    class ExpectedVersions {
        @Test
        void exactMatchIsAccepted() {
            given(opened("1"))
                    .when(new DepositMoney(ID, ExpectedVersion.exactly(1), null, m("1"), null))
                    .then(new MoneyDeposited(ID, 2, NOW, m("1.00"), null, m("2.00")));
        }

        @Test
        void mismatchIsAConflictWithTheCurrentVersion() {
            given(opened("1"))
                    .when(new DepositMoney(ID, ExpectedVersion.exactly(3), null, m("1"), null))
                    .thenRejected(Reason.CONFLICT, "at version 1");
        }

        @Test
        void exactOnAnUnknownAccountIsAConflict() {
            given().when(new DepositMoney(ID, ExpectedVersion.exactly(1), null, m("1"), null))
                    .thenRejected(Reason.CONFLICT, "at version 0");
        }

        @Test
        void wireFormRoundTrips() {
            assertThat(ExpectedVersion.fromWire(null)).isEqualTo(ExpectedVersion.any());
            assertThat(ExpectedVersion.fromWire(0L)).isEqualTo(ExpectedVersion.noStream());
            assertThat(ExpectedVersion.fromWire(7L).toWire()).isEqualTo(7L);
            assertThat(ExpectedVersion.any().toWire()).isNull();
        }
    }

    @Nested
    class OccurredAt {
        @Test
        void anImportKeepsTheRequestedInstant() {
            final Instant past = Instant.parse("2025-06-01T00:00:00Z");
            given().when(new OpenAccount(ID, ANY, past, "Ada", m("1")))
                    .then(new AccountOpened(ID, 1, past, "Ada", m("1.00")));
        }

        @Test
        void mayNotGoBeforeThePreviousEvent() {
            given(opened("1"), new MoneyDeposited(ID, 2, T2, m("1"), null))
                    .when(new DepositMoney(ID, ANY, T1, m("1"), null))
                    .thenRejected(Reason.INVALID_COMMAND, "before the account's previous event");
        }

        @Test
        void mayNotBeInTheFuture() {
            given(opened("1"))
                    .when(new DepositMoney(ID, ANY, NOW.plusSeconds(1), m("1"), null))
                    .thenRejected(Reason.INVALID_COMMAND, "future");
        }

        @Test
        void processingTimeNeverStepsBackBehindThePreviousEvent() {
            final Instant later = NOW.plusSeconds(3600);
            final Account state = AccountDecider.replay(ID, List.of(new AccountOpened(ID, 1, later, "Ada", m("1"))));
            final Decision decision = AccountDecider.decide(deposit("1"), state, NOW);
            assertThat(decision)
                    .isEqualTo(new Decision.Accepted(
                            List.of(new MoneyDeposited(ID, 2, later, m("1.00"), null, m("2.00")))));
        }
    }

    @Test
    void evolveFoldsEveryEvent() {
        final Account account = AccountDecider.replay(
                ID,
                List.of(
                        opened("10.00"),
                        new MoneyDeposited(ID, 2, T2, m("2.50"), null),
                        new MoneyWithdrawn(ID, 3, T2, m("0.50")),
                        new InterestAdded(ID, 4, T2, m("0.10")),
                        new MoneyWithdrawn(ID, 5, T2, m("12.10")),
                        new AccountClosed(ID, 6, NOW)));
        assertThat(account).isEqualTo(new Account(ID, "Ada Lovelace", m("0.00"), 6, AccountStatus.CLOSED, T1, NOW));
    }

    @Test
    void balanceAfterIsTheBalanceEvolveFoldsForEveryEventType() {
        final List<AccountEvent> events = List.of(
                opened("10.00"),
                new MoneyDeposited(ID, 2, T2, m("2.50"), null),
                new MoneyWithdrawn(ID, 3, T2, m("0.50")),
                new InterestAdded(ID, 4, T2, m("0.10")),
                new AccountEvent.TransferDebited(ID, 5, T2, "t-1", "other", m("3.00"), null, null),
                new AccountEvent.TransferCredited(ID, 6, T2, "t-2", "other", m("1.25"), null, null),
                new AccountEvent.TransferRefunded(ID, 7, T2, "t-1", "other", m("3.00"), "closed", null),
                new MoneyWithdrawn(ID, 8, T2, m("13.35")),
                new AccountClosed(ID, 9, NOW));
        Account account = Account.initial(ID);
        BigDecimal balance = Money.ZERO;
        for (final AccountEvent event : events) {
            account = AccountDecider.evolve(account, event);
            balance = AccountDecider.balanceAfter(balance, event);
            assertThat(balance).as("after v%d", event.version()).isEqualTo(account.balance());
        }
        assertThat(balance).isEqualTo(m("0.00"));
    }
}
