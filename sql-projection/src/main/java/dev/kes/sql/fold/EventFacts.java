package dev.kes.sql.fold;

import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.event.AccountClosed;
import dev.kes.schemas.event.AccountOpened;
import dev.kes.schemas.event.InterestAdded;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.event.MoneyWithdrawn;
import org.apache.avro.specific.SpecificRecord;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * What the read model takes from one event: its id, the money it moves and how. The opening deposit counts as a
 * deposit (money paid in), as in projection-service's monthly snapshots.
 *
 * @param amount the amount the ledger shows: the opening deposit, deposit, withdrawal or interest; null for a close
 */
record EventFacts(String eventId, BigDecimal amount, BigDecimal deposit, BigDecimal withdrawal, BigDecimal interest,
                  String description, String causationId) {

    /** Empty for an event class this read model does not know. */
    static Optional<EventFacts> of(final SpecificRecord event) {
        if (event instanceof AccountOpened opened) {
            final BigDecimal amount = Money.of(opened.getInitialDeposit());
            return Optional.of(new EventFacts(opened.getEventId(), amount, amount, Money.ZERO, Money.ZERO, null,
                    causation(opened.getMetadata())));
        }
        if (event instanceof MoneyDeposited deposited) {
            final BigDecimal amount = Money.of(deposited.getAmount());
            return Optional.of(new EventFacts(deposited.getEventId(), amount, amount, Money.ZERO, Money.ZERO,
                    deposited.getDescription(), causation(deposited.getMetadata())));
        }
        if (event instanceof MoneyWithdrawn withdrawn) {
            final BigDecimal amount = Money.of(withdrawn.getAmount());
            return Optional.of(new EventFacts(withdrawn.getEventId(), amount, Money.ZERO, amount, Money.ZERO,
                    withdrawn.getDescription(), causation(withdrawn.getMetadata())));
        }
        if (event instanceof InterestAdded interest) {
            final BigDecimal amount = Money.of(interest.getAmount());
            return Optional.of(new EventFacts(interest.getEventId(), amount, Money.ZERO, Money.ZERO, amount, null,
                    causation(interest.getMetadata())));
        }
        if (event instanceof AccountClosed closed) {
            return Optional.of(new EventFacts(closed.getEventId(), null, Money.ZERO, Money.ZERO, Money.ZERO, null,
                    causation(closed.getMetadata())));
        }
        return Optional.empty();
    }

    /** The balance after the event: opening sets it, the others move it (the domain's evolve). */
    BigDecimal balanceAfter(final BigDecimal before, final boolean opening) {
        return opening ? deposit : before.add(deposit).subtract(withdrawal).add(interest);
    }

    private static String causation(final Metadata metadata) {
        return metadata == null ? null : metadata.getCausationId();
    }
}
