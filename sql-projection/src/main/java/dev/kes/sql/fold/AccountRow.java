package dev.kes.sql.fold;

import java.math.BigDecimal;
import java.time.Instant;

/** A row of {@code accounts}: the account after its latest applied event. */
public record AccountRow(
        String id,
        String holder,
        String status,
        BigDecimal balance,
        long version,
        Instant openedAt,
        Instant updatedAt,
        Instant closedAt) {
    public static final String OPEN = "OPEN";
    public static final String CLOSED = "CLOSED";

    /** A new account, opened by its first event. */
    public static AccountRow opened(
            final String id, final String holder, final BigDecimal balance, final long version, final Instant at) {
        return new AccountRow(id, holder, OPEN, balance, version, at, at, null);
    }

    /** This account after a later event: its balance and version as of {@code at}, the rest kept. */
    public AccountRow after(final BigDecimal newBalance, final long newVersion, final Instant at) {
        return new AccountRow(id, holder, status, newBalance, newVersion, openedAt, at, closedAt);
    }

    /** This account with another holder column. */
    public AccountRow withHolder(final String newHolder) {
        return new AccountRow(id, newHolder, status, balance, version, openedAt, updatedAt, closedAt);
    }

    /** This account closed at its last update. */
    public AccountRow closed() {
        return new AccountRow(id, holder, CLOSED, balance, version, openedAt, updatedAt, updatedAt);
    }
}
