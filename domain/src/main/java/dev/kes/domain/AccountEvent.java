package dev.kes.domain;

import java.math.BigDecimal;
import java.time.Instant;

/** Past-tense facts about one account. Versions are 1, 2, 3 ... per account with no gaps. */
public sealed interface AccountEvent {
    String accountId();

    long version();

    Instant occurredAt();

    record AccountOpened(String accountId, long version, Instant occurredAt, String holder, BigDecimal initialDeposit)
            implements AccountEvent {}

    /**
     * {@code balanceAfter} is null for events written before the schema carried it (v1): it needs the account's
     * history, so whoever needs it computes it (as {@link AccountDecider#evolve} does for the balance).
     */
    record MoneyDeposited(
            String accountId,
            long version,
            Instant occurredAt,
            BigDecimal amount,
            String description,
            BigDecimal balanceAfter)
            implements AccountEvent {
        /** Without the balance after, as a v1 event is read. */
        public MoneyDeposited(
                final String accountId,
                final long version,
                final Instant occurredAt,
                final BigDecimal amount,
                final String description) {
            this(accountId, version, occurredAt, amount, description, null);
        }
    }

    /** {@code description} and {@code balanceAfter} are null for v1 events (see {@link MoneyDeposited}). */
    record MoneyWithdrawn(
            String accountId,
            long version,
            Instant occurredAt,
            BigDecimal amount,
            String description,
            BigDecimal balanceAfter)
            implements AccountEvent {
        /** Without description and balance after, as a v1 event is read. */
        public MoneyWithdrawn(
                final String accountId, final long version, final Instant occurredAt, final BigDecimal amount) {
            this(accountId, version, occurredAt, amount, null, null);
        }
    }

    record InterestAdded(String accountId, long version, Instant occurredAt, BigDecimal amount)
            implements AccountEvent {}

    record AccountClosed(String accountId, long version, Instant occurredAt) implements AccountEvent {}

    /** Money left the source ({@code accountId}) for {@code toAccountId}. */
    record TransferDebited(
            String accountId,
            long version,
            Instant occurredAt,
            String transferId,
            String toAccountId,
            BigDecimal amount,
            String description,
            BigDecimal balanceAfter)
            implements AccountEvent {}

    /** Money of a transfer from {@code fromAccountId} reached its target ({@code accountId}). */
    record TransferCredited(
            String accountId,
            long version,
            Instant occurredAt,
            String transferId,
            String fromAccountId,
            BigDecimal amount,
            String description,
            BigDecimal balanceAfter)
            implements AccountEvent {}

    /** The target {@code toAccountId} refused the transfer; its money is back in the source ({@code accountId}). */
    record TransferRefunded(
            String accountId,
            long version,
            Instant occurredAt,
            String transferId,
            String toAccountId,
            BigDecimal amount,
            String reason,
            BigDecimal balanceAfter)
            implements AccountEvent {}

    /** The account's personal data was erased: its data keys are destroyed, so every sealed copy is unreadable. */
    record PersonalDataErased(String accountId, long version, Instant occurredAt) implements AccountEvent {}
}
