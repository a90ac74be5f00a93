package dev.kes.domain;

import java.math.BigDecimal;
import java.time.Instant;

/** Past-tense facts about one account. Versions are 1, 2, 3 ... per account with no gaps. */
public sealed interface AccountEvent {
    String accountId();

    long version();

    Instant occurredAt();

    record AccountOpened(String accountId, long version, Instant occurredAt, String holder, BigDecimal initialDeposit)
            implements AccountEvent {
    }

    record MoneyDeposited(String accountId, long version, Instant occurredAt, BigDecimal amount, String description)
            implements AccountEvent {
    }

    record MoneyWithdrawn(String accountId, long version, Instant occurredAt, BigDecimal amount)
            implements AccountEvent {
    }

    record InterestAdded(String accountId, long version, Instant occurredAt, BigDecimal amount)
            implements AccountEvent {
    }

    record AccountClosed(String accountId, long version, Instant occurredAt) implements AccountEvent {
    }
}
