package dev.kes.projection.topology;

import dev.kes.domain.AccountEvent;
import dev.kes.schemas.view.TransferStatus;
import dev.kes.schemas.view.TransferView;

/**
 * How a transfer's events make its view, whatever order they arrive in: each event contributes what it says, and
 * the status follows from which events were seen. The debit says who, how much and when it was requested (PENDING);
 * the credit (COMPLETED) or the refund (REFUNDED, with the reason) says how it ended and when. A view that ended
 * never changes again: a redelivered or a second outcome leaves it as it is.
 */
final class TransferFold {
    private TransferFold() {}

    /** What the debit says: the transfer as requested, not ended yet. */
    static TransferView requested(final AccountEvent.TransferDebited debit) {
        return new TransferView(
                debit.transferId(),
                debit.accountId(),
                debit.toAccountId(),
                debit.amount(),
                debit.description(),
                TransferStatus.PENDING,
                null,
                debit.occurredAt(),
                null);
    }

    /**
     * What a credit or a refund says, as a view: kept as is while its debit has not been seen ({@code requestedAt}
     * then holds the outcome's own time and is never shown), and {@link #ended} into the debit's view once it has.
     */
    static TransferView outcome(final AccountEvent event) {
        if (event instanceof AccountEvent.TransferCredited credit) {
            return new TransferView(
                    credit.transferId(),
                    credit.fromAccountId(),
                    credit.accountId(),
                    credit.amount(),
                    credit.description(),
                    TransferStatus.COMPLETED,
                    null,
                    credit.occurredAt(),
                    credit.occurredAt());
        }
        if (event instanceof AccountEvent.TransferRefunded refund) {
            return new TransferView(
                    refund.transferId(),
                    refund.accountId(),
                    refund.toAccountId(),
                    refund.amount(),
                    null,
                    TransferStatus.REFUNDED,
                    refund.reason(),
                    refund.occurredAt(),
                    refund.occurredAt());
        }
        throw new IllegalArgumentException(
                "not a transfer outcome: " + event.getClass().getSimpleName());
    }

    /** The requested view with the outcome's status, reason and time; an ended view unchanged. */
    static TransferView ended(final TransferView view, final TransferView outcome) {
        if (view.getStatus() != TransferStatus.PENDING) {
            return view;
        }
        // a constructor, not newBuilder(view): the builder's deep copy loads the enum class by name, which Avro refuses
        return new TransferView(
                view.getTransferId(),
                view.getFromAccountId(),
                view.getToAccountId(),
                view.getAmount(),
                view.getDescription(),
                outcome.getStatus(),
                outcome.getReason(),
                view.getRequestedAt(),
                outcome.getCompletedAt());
    }

    /** The transferId of a transfer event; null for any other event. */
    static String transferId(final AccountEvent event) {
        if (event instanceof AccountEvent.TransferDebited debit) {
            return debit.transferId();
        }
        if (event instanceof AccountEvent.TransferCredited credit) {
            return credit.transferId();
        }
        if (event instanceof AccountEvent.TransferRefunded refund) {
            return refund.transferId();
        }
        return null;
    }
}
