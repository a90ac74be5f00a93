package dev.kes.service.mapping;

import dev.kes.domain.AccountEvent;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.event.AccountClosed;
import dev.kes.schemas.event.AccountOpened;
import dev.kes.schemas.event.InterestAdded;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.event.MoneyWithdrawn;
import dev.kes.schemas.event.PersonalDataErased;
import dev.kes.schemas.event.TransferCredited;
import dev.kes.schemas.event.TransferDebited;
import dev.kes.schemas.event.TransferRefunded;
import java.time.Instant;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** Between the domain's events and their Avro form on {@code account-events}; the envelope is added here. */
public final class EventMapping {
    private EventMapping() {}

    public static SpecificRecord toAvro(final AccountEvent event, final String eventId, final Metadata metadata) {
        // Every event schema starts with this envelope; only the payload differs per type.
        final String account = event.accountId();
        final long version = event.version();
        final Instant at = event.occurredAt();
        if (event instanceof AccountEvent.AccountOpened e) {
            return new AccountOpened(eventId, account, version, at, metadata, e.holder(), e.initialDeposit());
        }
        if (event instanceof AccountEvent.MoneyDeposited e) {
            return new MoneyDeposited(
                    eventId, account, version, at, metadata, e.amount(), e.description(), e.balanceAfter());
        }
        if (event instanceof AccountEvent.MoneyWithdrawn e) {
            return new MoneyWithdrawn(
                    eventId, account, version, at, metadata, e.amount(), e.description(), e.balanceAfter());
        }
        if (event instanceof AccountEvent.InterestAdded e) {
            return new InterestAdded(eventId, account, version, at, metadata, e.amount());
        }
        if (event instanceof AccountEvent.AccountClosed) {
            return new AccountClosed(eventId, account, version, at, metadata);
        }
        if (event instanceof AccountEvent.PersonalDataErased) {
            return new PersonalDataErased(eventId, account, version, at, metadata);
        }
        if (event instanceof AccountEvent.TransferDebited e) {
            return new TransferDebited(
                    eventId,
                    account,
                    version,
                    at,
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
                    account,
                    version,
                    at,
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
                    account,
                    version,
                    at,
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
        // The envelope is read by name: every event schema has these fields, and no Avro type joins them. Other
        // records may lack them or type them otherwise, so each is taken only as the type an event gives it.
        final String account = field(record, "accountId") instanceof String s ? s : null;
        final Long version = field(record, "version") instanceof Long v ? v : null;
        final Instant at = field(record, "occurredAt") instanceof Instant i ? i : null;
        return Optional.ofNullable(payload(record, account, version, at));
    }

    /** The domain event with the envelope's fields and the record's payload; null when it is no account event. */
    private static AccountEvent payload(
            final SpecificRecord record, final String account, final Long version, final Instant at) {
        if (record instanceof AccountOpened e) {
            return new AccountEvent.AccountOpened(account, version, at, e.getHolder(), e.getInitialDeposit());
        }
        if (record instanceof MoneyDeposited e) {
            return new AccountEvent.MoneyDeposited(
                    account, version, at, e.getAmount(), e.getDescription(), e.getBalanceAfter());
        }
        if (record instanceof MoneyWithdrawn e) {
            return new AccountEvent.MoneyWithdrawn(
                    account, version, at, e.getAmount(), e.getDescription(), e.getBalanceAfter());
        }
        if (record instanceof InterestAdded e) {
            return new AccountEvent.InterestAdded(account, version, at, e.getAmount());
        }
        if (record instanceof AccountClosed) {
            return new AccountEvent.AccountClosed(account, version, at);
        }
        if (record instanceof PersonalDataErased) {
            return new AccountEvent.PersonalDataErased(account, version, at);
        }
        if (record instanceof TransferDebited e) {
            return new AccountEvent.TransferDebited(
                    account,
                    version,
                    at,
                    e.getTransferId(),
                    e.getToAccountId(),
                    e.getAmount(),
                    e.getDescription(),
                    e.getBalanceAfter());
        }
        if (record instanceof TransferCredited e) {
            return new AccountEvent.TransferCredited(
                    account,
                    version,
                    at,
                    e.getTransferId(),
                    e.getFromAccountId(),
                    e.getAmount(),
                    e.getDescription(),
                    e.getBalanceAfter());
        }
        if (record instanceof TransferRefunded e) {
            return new AccountEvent.TransferRefunded(
                    account,
                    version,
                    at,
                    e.getTransferId(),
                    e.getToAccountId(),
                    e.getAmount(),
                    e.getReason(),
                    e.getBalanceAfter());
        }
        return null;
    }

    private static Object field(final SpecificRecord record, final String name) {
        final Schema.Field field = record.getSchema().getField(name);
        return field == null ? null : record.get(field.pos());
    }
}
