package dev.kes.transfer.topology;

import dev.kes.schemas.command.CreditTransfer;
import dev.kes.schemas.command.RefundTransfer;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.contract.TransferCommandIds;
import dev.kes.schemas.event.TransferDebited;
import dev.kes.schemas.view.TransferView;

/**
 * The follow-up commands of a transfer. Their commandIds derive from the transferId, so a follow-up sent again
 * (after a crash, a rebalance, a replay) is answered by the command service with its first outcome instead of
 * crediting or refunding twice; every follow-up is correlated by the transferId.
 */
final class FollowUps {
    private FollowUps() {
    }

    /** Pays the debited amount into the target; caused by the debit event. */
    static CreditTransfer credit(final TransferDebited debited) {
        return CreditTransfer.newBuilder()
                .setCommandId(TransferCommandIds.credit(debited.getTransferId()))
                .setAccountId(debited.getToAccountId())
                .setMetadata(metadata(debited.getTransferId(), debited.getEventId()))
                .setTransferId(debited.getTransferId())
                .setFromAccountId(debited.getAccountId())
                .setAmount(debited.getAmount())
                .setDescription(debited.getDescription())
                .build();
    }

    /** Pays the amount back into the source; caused by the rejected credit command. */
    static RefundTransfer refund(final TransferView transfer, final String reason) {
        return RefundTransfer.newBuilder()
                .setCommandId(TransferCommandIds.refund(transfer.getTransferId()))
                .setAccountId(transfer.getFromAccountId())
                .setMetadata(metadata(transfer.getTransferId(), TransferCommandIds.credit(transfer.getTransferId())))
                .setTransferId(transfer.getTransferId())
                .setToAccountId(transfer.getToAccountId())
                .setAmount(transfer.getAmount())
                .setReason(reason)
                .build();
    }

    private static Metadata metadata(final String transferId, final String causationId) {
        return Metadata.newBuilder().setCorrelationId(transferId).setCausationId(causationId).build();
    }
}
