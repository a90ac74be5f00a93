package dev.kes.sql.fold;

import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.event.AccountClosed;
import dev.kes.schemas.event.AccountOpened;
import dev.kes.schemas.event.InterestAdded;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.event.MoneyWithdrawn;
import dev.kes.schemas.event.TransferCredited;
import dev.kes.schemas.event.TransferDebited;
import dev.kes.schemas.event.TransferRefunded;
import java.math.BigDecimal;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the read model takes from one event: its id, the money it moves and how. The opening deposit counts as a
 * deposit (money paid in), as in projection-service's monthly snapshots; so does a refund count as a transfer in (its
 * debit stays a transfer out).
 *
 * @param amount       the amount the ledger shows: the opening deposit, deposit, withdrawal, interest or transfer;
 *                     null for a close
 * @param description  the event's description; a refund's reason
 * @param transferId   the transfer of a transfer event, else null
 * @param counterparty the other account of a transfer event (target of a debit or refund, source of a credit)
 */
record EventFacts(
        String eventId,
        BigDecimal amount,
        BigDecimal deposit,
        BigDecimal withdrawal,
        BigDecimal interest,
        BigDecimal transferIn,
        BigDecimal transferOut,
        String description,
        String causationId,
        String transferId,
        String counterparty) {

    private static EventFacts money(
            final String eventId,
            final BigDecimal amount,
            final BigDecimal deposit,
            final BigDecimal withdrawal,
            final BigDecimal interest,
            final String description,
            final Metadata metadata) {
        return new EventFacts(
                eventId,
                amount,
                deposit,
                withdrawal,
                interest,
                Money.ZERO,
                Money.ZERO,
                description,
                causation(metadata),
                null,
                null);
    }

    /** Empty for an event class this read model does not know. */
    static Optional<EventFacts> of(final SpecificRecord event) {
        if (event instanceof AccountOpened opened) {
            final BigDecimal amount = Money.of(opened.getInitialDeposit());
            return Optional.of(
                    money(opened.getEventId(), amount, amount, Money.ZERO, Money.ZERO, null, opened.getMetadata()));
        }
        if (event instanceof MoneyDeposited deposited) {
            final BigDecimal amount = Money.of(deposited.getAmount());
            return Optional.of(money(
                    deposited.getEventId(),
                    amount,
                    amount,
                    Money.ZERO,
                    Money.ZERO,
                    deposited.getDescription(),
                    deposited.getMetadata()));
        }
        if (event instanceof MoneyWithdrawn withdrawn) {
            final BigDecimal amount = Money.of(withdrawn.getAmount());
            return Optional.of(money(
                    withdrawn.getEventId(),
                    amount,
                    Money.ZERO,
                    amount,
                    Money.ZERO,
                    withdrawn.getDescription(),
                    withdrawn.getMetadata()));
        }
        if (event instanceof InterestAdded interest) {
            final BigDecimal amount = Money.of(interest.getAmount());
            return Optional.of(
                    money(interest.getEventId(), amount, Money.ZERO, Money.ZERO, amount, null, interest.getMetadata()));
        }
        if (event instanceof AccountClosed closed) {
            return Optional.of(
                    money(closed.getEventId(), null, Money.ZERO, Money.ZERO, Money.ZERO, null, closed.getMetadata()));
        }
        if (event instanceof TransferDebited debited) {
            final BigDecimal amount = Money.of(debited.getAmount());
            return Optional.of(new EventFacts(
                    debited.getEventId(),
                    amount,
                    Money.ZERO,
                    Money.ZERO,
                    Money.ZERO,
                    Money.ZERO,
                    amount,
                    debited.getDescription(),
                    causation(debited.getMetadata()),
                    debited.getTransferId(),
                    debited.getToAccountId()));
        }
        if (event instanceof TransferCredited credited) {
            final BigDecimal amount = Money.of(credited.getAmount());
            return Optional.of(new EventFacts(
                    credited.getEventId(),
                    amount,
                    Money.ZERO,
                    Money.ZERO,
                    Money.ZERO,
                    amount,
                    Money.ZERO,
                    credited.getDescription(),
                    causation(credited.getMetadata()),
                    credited.getTransferId(),
                    credited.getFromAccountId()));
        }
        if (event instanceof TransferRefunded refunded) {
            final BigDecimal amount = Money.of(refunded.getAmount());
            return Optional.of(new EventFacts(
                    refunded.getEventId(),
                    amount,
                    Money.ZERO,
                    Money.ZERO,
                    Money.ZERO,
                    amount,
                    Money.ZERO,
                    refunded.getReason(),
                    causation(refunded.getMetadata()),
                    refunded.getTransferId(),
                    refunded.getToAccountId()));
        }
        return Optional.empty();
    }

    /** The balance after the event: opening sets it, the others move it (the domain's evolve). */
    BigDecimal balanceAfter(final BigDecimal before, final boolean opening) {
        return opening
                ? deposit
                : before.add(deposit)
                        .subtract(withdrawal)
                        .add(interest)
                        .add(transferIn)
                        .subtract(transferOut);
    }

    private static String causation(final Metadata metadata) {
        return metadata == null ? null : metadata.getCausationId();
    }
}
