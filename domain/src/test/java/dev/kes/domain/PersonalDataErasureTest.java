package dev.kes.domain;

import static dev.kes.domain.Scenario.ID;
import static dev.kes.domain.Scenario.NOW;
import static dev.kes.domain.Scenario.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.domain.AccountCommand.DepositMoney;
import dev.kes.domain.AccountCommand.ErasePersonalData;
import dev.kes.domain.AccountCommand.OpenAccount;
import dev.kes.domain.AccountEvent.AccountClosed;
import dev.kes.domain.AccountEvent.AccountOpened;
import dev.kes.domain.AccountEvent.MoneyDeposited;
import dev.kes.domain.AccountEvent.PersonalDataErased;
import dev.kes.domain.Rejection.Reason;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Erasing an account's personal data: a past-tense event once, money and history untouched. */
class PersonalDataErasureTest {
    private static final Instant T1 = Instant.parse("2026-01-10T09:00:00Z");
    private static final Instant T2 = Instant.parse("2026-02-10T09:00:00Z");
    private static final String SEALED = PersonalValues.SEALED_PREFIX + "1:k1:c2VhbGVk";
    private static final ExpectedVersion ANY = ExpectedVersion.any();

    private static ErasePersonalData erase() {
        return new ErasePersonalData(ID, ANY, null);
    }

    private static AccountOpened opened() {
        return new AccountOpened(ID, 1, T1, SEALED, new BigDecimal("10.00"));
    }

    @Test
    void erasingAnOpenAccountRecordsTheErasure() {
        given(opened()).when(erase()).then(new PersonalDataErased(ID, 2, NOW));
    }

    @Test
    void aClosedAccountIsErasedToo() {
        given(new AccountOpened(ID, 1, T1, SEALED, new BigDecimal("0.00")), new AccountClosed(ID, 2, T2))
                .when(erase())
                .then(new PersonalDataErased(ID, 3, NOW));
    }

    @Test
    void erasingTwiceRecordsNothingNewAndStillSucceeds() {
        given(opened(), new PersonalDataErased(ID, 2, T2)).when(erase()).then();
    }

    @Test
    void anUnknownAccountIsNotFound() {
        given().when(erase()).thenRejected(Reason.NOT_FOUND, "does not exist");
    }

    @Test
    void theErasedStateDropsTheHolderAndKeepsTheMoney() {
        final Account erased = AccountDecider.replay(
                ID,
                List.of(
                        opened(),
                        new MoneyDeposited(ID, 2, T2, new BigDecimal("5.00"), null, new BigDecimal("15.00")),
                        new PersonalDataErased(ID, 3, T2)));

        assertThat(erased.holder()).isNull();
        assertThat(erased.personalDataErased()).isTrue();
        assertThat(erased.balance()).isEqualByComparingTo("15.00");
        assertThat(erased.version()).isEqualTo(3);
        assertThat(erased.isOpen()).isTrue();
    }

    @Test
    void anErasedAccountStillTakesMoney() {
        given(opened(), new PersonalDataErased(ID, 2, T2))
                .when(new DepositMoney(ID, ANY, null, new BigDecimal("1"), null))
                .then(new MoneyDeposited(ID, 3, NOW, new BigDecimal("1.00"), null, new BigDecimal("11.00")));
    }

    @Test
    void theDeciderKeepsASealedHolderAsItIs() {
        given().when(new OpenAccount(ID, ANY, null, SEALED, new BigDecimal("10")))
                .then(new AccountOpened(ID, 1, NOW, SEALED, new BigDecimal("10.00")));
    }

    @Test
    void aSealedHolderIsLongerThanAClearOneMayBe() {
        final String longSealed = PersonalValues.SEALED_PREFIX + "1:k1:" + "A".repeat(600);
        given().when(new OpenAccount(ID, ANY, null, longSealed, new BigDecimal("1")))
                .then(new AccountOpened(ID, 1, NOW, longSealed, new BigDecimal("1.00")));
    }
}
