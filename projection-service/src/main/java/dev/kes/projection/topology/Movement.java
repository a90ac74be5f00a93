package dev.kes.projection.topology;

import dev.kes.domain.AccountEvent;
import dev.kes.domain.Money;

import java.math.BigDecimal;

/**
 * What an event does to an account's money, for the read models that total it. The opening deposit of
 * AccountOpened counts as a deposit (of the month the account opened): it is money paid in.
 */
record Movement(BigDecimal deposit, BigDecimal withdrawal, BigDecimal interest) {
    private static final Movement NONE = new Movement(Money.ZERO, Money.ZERO, Money.ZERO);

    static Movement of(final AccountEvent event) {
        if (event instanceof AccountEvent.AccountOpened opened) {
            return new Movement(opened.initialDeposit(), Money.ZERO, Money.ZERO);
        }
        if (event instanceof AccountEvent.MoneyDeposited deposited) {
            return new Movement(deposited.amount(), Money.ZERO, Money.ZERO);
        }
        if (event instanceof AccountEvent.MoneyWithdrawn withdrawn) {
            return new Movement(Money.ZERO, withdrawn.amount(), Money.ZERO);
        }
        if (event instanceof AccountEvent.InterestAdded interest) {
            return new Movement(Money.ZERO, Money.ZERO, interest.amount());
        }
        return NONE;
    }

    /** The balance after the event, as the domain's evolve computes it (opening sets the balance). */
    static BigDecimal balanceAfter(final BigDecimal before, final AccountEvent event) {
        final Movement movement = of(event);
        if (event instanceof AccountEvent.AccountOpened) {
            return movement.deposit();
        }
        return before.add(movement.deposit()).subtract(movement.withdrawal()).add(movement.interest());
    }
}
