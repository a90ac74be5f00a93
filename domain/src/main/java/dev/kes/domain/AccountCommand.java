package dev.kes.domain;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What a client asks the account to do. Every command carries its optimistic-concurrency expectation and,
 * for imports of history, an optional requested occurrence instant ({@code null} = now).
 */
public sealed interface AccountCommand {
    String accountId();

    ExpectedVersion expectedVersion();

    /** Requested occurrence instant for imports, or null for "now". */
    Instant occurredAt();

    record OpenAccount(
            String accountId,
            ExpectedVersion expectedVersion,
            Instant occurredAt,
            String holder,
            BigDecimal initialDeposit)
            implements AccountCommand {}

    record DepositMoney(
            String accountId,
            ExpectedVersion expectedVersion,
            Instant occurredAt,
            BigDecimal amount,
            String description)
            implements AccountCommand {}

    record WithdrawMoney(
            String accountId,
            ExpectedVersion expectedVersion,
            Instant occurredAt,
            BigDecimal amount,
            String description)
            implements AccountCommand {}

    record AddInterest(String accountId, ExpectedVersion expectedVersion, Instant occurredAt, BigDecimal amount)
            implements AccountCommand {}

    record CloseAccount(String accountId, ExpectedVersion expectedVersion, Instant occurredAt)
            implements AccountCommand {}

    /** Debits {@code accountId}, the source; the transfer process manager then credits {@code toAccountId}. */
    record TransferMoney(
            String accountId,
            ExpectedVersion expectedVersion,
            Instant occurredAt,
            String transferId,
            String toAccountId,
            BigDecimal amount,
            String description)
            implements AccountCommand {}

    /** Pays a debited transfer into {@code accountId}, the target; issued by the process manager only. */
    record CreditTransfer(
            String accountId,
            ExpectedVersion expectedVersion,
            Instant occurredAt,
            String transferId,
            String fromAccountId,
            BigDecimal amount,
            String description)
            implements AccountCommand {}

    /** Pays a debited transfer back into {@code accountId}, the source, after the target refused it. */
    record RefundTransfer(
            String accountId,
            ExpectedVersion expectedVersion,
            Instant occurredAt,
            String transferId,
            String toAccountId,
            BigDecimal amount,
            String reason)
            implements AccountCommand {}

    /** Erase the account's personal data (crypto-shredding: its data keys are destroyed after the event). */
    record ErasePersonalData(String accountId, ExpectedVersion expectedVersion, Instant occurredAt)
            implements AccountCommand {}
}
