package dev.kes.transfer.topology;

import dev.kes.domain.AccountCommand;
import dev.kes.domain.ExpectedVersion;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.contract.TransferCommandIds;
import dev.kes.schemas.view.TransferView;
import dev.kes.service.mapping.CommandMapping;
import org.apache.avro.specific.SpecificRecord;

/**
 * The follow-up commands of a transfer. Their commandIds derive from the transferId, so a follow-up sent again
 * (after a crash, a rebalance, a replay) is answered by the command service with its first outcome instead of
 * crediting or refunding twice; every follow-up is correlated by the transferId.
 */
final class FollowUps {
    private FollowUps() {}

    /**
     * Pays the debited amount into the target; caused by {@code causationId}: the debit event, or the transfer itself
     * (its debit's command) for a credit sent again.
     */
    static SpecificRecord credit(final TransferView transfer, final String causationId) {
        final String transferId = transfer.getTransferId();
        return CommandMapping.toAvro(
                new AccountCommand.CreditTransfer(
                        transfer.getToAccountId(),
                        ExpectedVersion.any(),
                        null,
                        transferId,
                        transfer.getFromAccountId(),
                        transfer.getAmount(),
                        transfer.getDescription()),
                TransferCommandIds.credit(transferId),
                metadata(transferId, causationId));
    }

    /** Pays the amount back into the source; caused by the rejected credit command. */
    static SpecificRecord refund(final TransferView transfer, final String reason) {
        final String transferId = transfer.getTransferId();
        return CommandMapping.toAvro(
                new AccountCommand.RefundTransfer(
                        transfer.getFromAccountId(),
                        ExpectedVersion.any(),
                        null,
                        transferId,
                        transfer.getToAccountId(),
                        transfer.getAmount(),
                        reason),
                TransferCommandIds.refund(transferId),
                metadata(transferId, TransferCommandIds.credit(transferId)));
    }

    private static Metadata metadata(final String transferId, final String causationId) {
        return Metadata.newBuilder()
                .setCorrelationId(transferId)
                .setCausationId(causationId)
                .build();
    }
}
