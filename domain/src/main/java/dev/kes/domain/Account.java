package dev.kes.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * The state of one account after its latest event; version 0 means no event yet.
 * Immutable: {@link AccountDecider#evolve} returns a new instance. Once {@code personalDataErased}, the holder is
 * null.
 */
public record Account(
        String id,
        String holder,
        BigDecimal balance,
        long version,
        AccountStatus status,
        Instant openedAt,
        Instant updatedAt,
        boolean personalDataErased) {

    /** An account whose personal data is not erased. */
    public Account(
            final String id,
            final String holder,
            final BigDecimal balance,
            final long version,
            final AccountStatus status,
            final Instant openedAt,
            final Instant updatedAt) {
        this(id, holder, balance, version, status, openedAt, updatedAt, false);
    }

    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(balance, "balance");
        Objects.requireNonNull(status, "status");
    }

    /** The state of an account id that has no events. */
    public static Account initial(final String id) {
        return new Account(id, null, Money.ZERO, 0, AccountStatus.NOT_OPENED, null, null);
    }

    public boolean exists() {
        return status != AccountStatus.NOT_OPENED;
    }

    public boolean isOpen() {
        return status == AccountStatus.OPEN;
    }
}
