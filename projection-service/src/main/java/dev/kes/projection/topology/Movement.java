package dev.kes.projection.topology;

import dev.kes.domain.AccountEvent;
import dev.kes.domain.Money;
import java.math.BigDecimal;

/**
 * What an event does to an account's money, for the read models that total it. The opening deposit of
 * AccountOpened counts as a deposit (of the month the account opened): it is money paid in. A refunded transfer
 * counts as a transfer in: its debit stays a transfer out, so the month's totals still add up to its balances.
 */
record Movement(
        BigDecimal deposit, BigDecimal withdrawal, BigDecimal interest, BigDecimal transferIn, BigDecimal transferOut) {
    private static final BigDecimal ZERO = Money.ZERO;
    private static final Movement NONE = new Movement(ZERO, ZERO, ZERO, ZERO, ZERO);

    static Movement of(final AccountEvent event) {
        if (event instanceof AccountEvent.AccountOpened opened) {
            return new Movement(opened.initialDeposit(), ZERO, ZERO, ZERO, ZERO);
        }
        if (event instanceof AccountEvent.MoneyDeposited deposited) {
            return new Movement(deposited.amount(), ZERO, ZERO, ZERO, ZERO);
        }
        if (event instanceof AccountEvent.MoneyWithdrawn withdrawn) {
            return new Movement(ZERO, withdrawn.amount(), ZERO, ZERO, ZERO);
        }
        if (event instanceof AccountEvent.InterestAdded interest) {
            return new Movement(ZERO, ZERO, interest.amount(), ZERO, ZERO);
        }
        if (event instanceof AccountEvent.TransferDebited debited) {
            return new Movement(ZERO, ZERO, ZERO, ZERO, debited.amount());
        }
        if (event instanceof AccountEvent.TransferCredited credited) {
            return new Movement(ZERO, ZERO, ZERO, credited.amount(), ZERO);
        }
        if (event instanceof AccountEvent.TransferRefunded refunded) {
            return new Movement(ZERO, ZERO, ZERO, refunded.amount(), ZERO);
        }
        return NONE;
    }
}
