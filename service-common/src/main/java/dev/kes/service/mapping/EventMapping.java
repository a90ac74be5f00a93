package dev.kes.service.mapping;

import dev.kes.domain.AccountEvent;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.event.AccountClosed;
import dev.kes.schemas.event.AccountOpened;
import dev.kes.schemas.event.InterestAdded;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.event.MoneyWithdrawn;
import dev.kes.schemas.event.TransferCredited;
import dev.kes.schemas.event.TransferDebited;
import dev.kes.schemas.event.TransferRefunded;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/** Between the domain's events and their Avro form on {@code account-events}; the envelope is added here. */
public final class EventMapping {
    private EventMapping() {}

    public static SpecificRecord toAvro(final AccountEvent event, final String eventId, final Metadata metadata) {
        if (event instanceof AccountEvent.AccountOpened e) {
            return new AccountOpened(
                    eventId, e.accountId(), e.version(), e.occurredAt(), metadata, e.holder(), e.initialDeposit());
        }
        if (event instanceof AccountEvent.MoneyDeposited e) {
            return new MoneyDeposited(
                    eventId,
                    e.accountId(),
                    e.version(),
                    e.occurredAt(),
                    metadata,
                    e.amount(),
                    e.description(),
                    e.balanceAfter());
        }
        if (event instanceof AccountEvent.MoneyWithdrawn e) {
            return new MoneyWithdrawn(
                    eventId,
                    e.accountId(),
                    e.version(),
                    e.occurredAt(),
                    metadata,
                    e.amount(),
                    e.description(),
                    e.balanceAfter());
        }
        if (event instanceof AccountEvent.InterestAdded e) {
            return new InterestAdded(eventId, e.accountId(), e.version(), e.occurredAt(), metadata, e.amount());
        }
        if (event instanceof AccountEvent.AccountClosed e) {
            return new AccountClosed(eventId, e.accountId(), e.version(), e.occurredAt(), metadata);
        }
        if (event instanceof AccountEvent.TransferDebited e) {
            return new TransferDebited(
                    eventId,
                    e.accountId(),
                    e.version(),
                    e.occurredAt(),
                    metadata,
                    e.transferId(),
                    e.toAccountId(),
                    e.amount(),
                    e.description(),
                    e.balanceAfter());
        }
        if (event instanceof AccountEvent.TransferCredited e) {
            return new TransferCredited(
                    eventId,
                    e.accountId(),
                    e.version(),
                    e.occurredAt(),
                    metadata,
                    e.transferId(),
                    e.fromAccountId(),
                    e.amount(),
                    e.description(),
                    e.balanceAfter());
        }
        if (event instanceof AccountEvent.TransferRefunded e) {
            return new TransferRefunded(
                    eventId,
                    e.accountId(),
                    e.version(),
                    e.occurredAt(),
                    metadata,
                    e.transferId(),
                    e.toAccountId(),
                    e.amount(),
                    e.reason(),
                    e.balanceAfter());
        }
        throw new IllegalArgumentException("unmapped event " + event);
    }

    /** The domain event an Avro record stands for, or empty when it is not an account event. */
    public static Optional<AccountEvent> toDomain(final SpecificRecord record) {
        if (record instanceof AccountOpened e) {
            return Optional.of(new AccountEvent.AccountOpened(
                    e.getAccountId(), e.getVersion(), e.getOccurredAt(), e.getHolder(), e.getInitialDeposit()));
        }
        if (record instanceof MoneyDeposited e) {
            return Optional.of(new AccountEvent.MoneyDeposited(
                    e.getAccountId(),
                    e.getVersion(),
                    e.getOccurredAt(),
                    e.getAmount(),
                    e.getDescription(),
                    e.getBalanceAfter()));
        }
        if (record instanceof MoneyWithdrawn e) {
            return Optional.of(new AccountEvent.MoneyWithdrawn(
                    e.getAccountId(),
                    e.getVersion(),
                    e.getOccurredAt(),
                    e.getAmount(),
                    e.getDescription(),
                    e.getBalanceAfter()));
        }
        if (record instanceof InterestAdded e) {
            return Optional.of(
                    new AccountEvent.InterestAdded(e.getAccountId(), e.getVersion(), e.getOccurredAt(), e.getAmount()));
        }
        if (record instanceof AccountClosed e) {
            return Optional.of(new AccountEvent.AccountClosed(e.getAccountId(), e.getVersion(), e.getOccurredAt()));
        }
        if (record instanceof TransferDebited e) {
            return Optional.of(new AccountEvent.TransferDebited(
                    e.getAccountId(),
                    e.getVersion(),
                    e.getOccurredAt(),
                    e.getTransferId(),
                    e.getToAccountId(),
                    e.getAmount(),
                    e.getDescription(),
                    e.getBalanceAfter()));
        }
        if (record instanceof TransferCredited e) {
            return Optional.of(new AccountEvent.TransferCredited(
                    e.getAccountId(),
                    e.getVersion(),
                    e.getOccurredAt(),
                    e.getTransferId(),
                    e.getFromAccountId(),
                    e.getAmount(),
                    e.getDescription(),
                    e.getBalanceAfter()));
        }
        if (record instanceof TransferRefunded e) {
            return Optional.of(new AccountEvent.TransferRefunded(
                    e.getAccountId(),
                    e.getVersion(),
                    e.getOccurredAt(),
                    e.getTransferId(),
                    e.getToAccountId(),
                    e.getAmount(),
                    e.getReason(),
                    e.getBalanceAfter()));
        }
        return Optional.empty();
    }
}
