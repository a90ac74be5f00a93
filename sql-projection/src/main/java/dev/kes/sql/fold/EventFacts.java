package dev.kes.sql.fold;

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
import java.math.BigDecimal;
import java.util.Optional;
import org.apache.avro.Schema;
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

    /** The column an event's amount goes to; none for a close. */
    private enum Column {
        DEPOSIT,
        WITHDRAWAL,
        INTEREST,
        TRANSFER_IN,
        TRANSFER_OUT
    }

    /** What one event type moves: its amount into one column, its text and, for a transfer, the transfer. */
    private record Move(Column column, BigDecimal amount, String description, String transferId, String counterparty) {
        EventFacts facts(final String eventId, final String causationId) {
            final BigDecimal money = amount == null ? null : Money.of(amount);
            return new EventFacts(
                    eventId,
                    money,
                    column == Column.DEPOSIT ? money : Money.ZERO,
                    column == Column.WITHDRAWAL ? money : Money.ZERO,
                    column == Column.INTEREST ? money : Money.ZERO,
                    column == Column.TRANSFER_IN ? money : Money.ZERO,
                    column == Column.TRANSFER_OUT ? money : Money.ZERO,
                    description,
                    causationId,
                    transferId,
                    counterparty);
        }
    }

    /** Empty for an event class this read model does not know. */
    static Optional<EventFacts> of(final SpecificRecord event) {
        // eventId and metadata are in every event schema, read by name: no Avro type joins the event types
        final Schema.Field id = event.getSchema().getField("eventId");
        final Schema.Field metadata = event.getSchema().getField("metadata");
        final Move move = move(event);
        if (move == null || id == null) {
            return Optional.empty();
        }
        final String causationId =
                metadata != null && event.get(metadata.pos()) instanceof Metadata m ? m.getCausationId() : null;
        return Optional.of(move.facts(String.valueOf(event.get(id.pos())), causationId));
    }

    private static Move move(final SpecificRecord event) {
        if (event instanceof AccountOpened e) {
            return new Move(Column.DEPOSIT, e.getInitialDeposit(), null, null, null);
        }
        if (event instanceof MoneyDeposited e) {
            return new Move(Column.DEPOSIT, e.getAmount(), e.getDescription(), null, null);
        }
        if (event instanceof MoneyWithdrawn e) {
            return new Move(Column.WITHDRAWAL, e.getAmount(), e.getDescription(), null, null);
        }
        if (event instanceof InterestAdded e) {
            return new Move(Column.INTEREST, e.getAmount(), null, null, null);
        }
        if (event instanceof AccountClosed || event instanceof PersonalDataErased) {
            return new Move(null, null, null, null, null);
        }
        if (event instanceof TransferDebited e) {
            return new Move(
                    Column.TRANSFER_OUT, e.getAmount(), e.getDescription(), e.getTransferId(), e.getToAccountId());
        }
        if (event instanceof TransferCredited e) {
            return new Move(
                    Column.TRANSFER_IN, e.getAmount(), e.getDescription(), e.getTransferId(), e.getFromAccountId());
        }
        if (event instanceof TransferRefunded e) {
            // a refund pays the money back in: a transfer in, as the class comment says
            return new Move(Column.TRANSFER_IN, e.getAmount(), e.getReason(), e.getTransferId(), e.getToAccountId());
        }
        return null;
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
}
