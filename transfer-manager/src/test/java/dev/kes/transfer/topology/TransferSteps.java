package dev.kes.transfer.topology;

import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.contract.TransferCommandIds;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.event.TransferCredited;
import dev.kes.schemas.event.TransferDebited;
import dev.kes.schemas.event.TransferRefunded;
import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.result.Outcome;
import dev.kes.schemas.result.Rejection;
import dev.kes.schemas.result.RejectionCode;
import java.math.BigDecimal;
import java.time.Instant;

/** The events and results of a transfer as the command service writes them, for the process manager's tests. */
public final class TransferSteps {
    public static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    private TransferSteps() {}

    public static BigDecimal money(final String amount) {
        return new BigDecimal(amount).setScale(2);
    }

    private static Metadata meta(final String correlationId) {
        return Metadata.newBuilder().setCorrelationId(correlationId).build();
    }

    public static TransferDebited debited(
            final String transferId, final String from, final String to, final String amount) {
        return new TransferDebited(
                "debit-event-of-" + transferId,
                from,
                2L,
                T,
                meta(transferId),
                transferId,
                to,
                money(amount),
                "rent",
                money("90.00"));
    }

    public static TransferCredited credited(
            final String transferId, final String from, final String to, final String amount) {
        return new TransferCredited(
                "credit-event-of-" + transferId,
                to,
                5L,
                T.plusSeconds(1),
                meta(transferId),
                transferId,
                from,
                money(amount),
                "rent",
                money("110.00"));
    }

    public static TransferRefunded refunded(
            final String transferId, final String from, final String to, final String amount, final String reason) {
        return new TransferRefunded(
                "refund-event-of-" + transferId,
                from,
                3L,
                T.plusSeconds(2),
                meta(transferId),
                transferId,
                to,
                money(amount),
                reason,
                money("100.00"));
    }

    public static MoneyDeposited deposited(final String accountId) {
        return new MoneyDeposited("deposit-of-" + accountId, accountId, 3L, T, meta(null), money("1.00"), null, null);
    }

    /** The command service's answer to a follow-up command. */
    public static CommandResult result(
            final String commandId,
            final String accountId,
            final String type,
            final Outcome outcome,
            final RejectionCode code,
            final String message) {
        return CommandResult.newBuilder()
                .setCommandId(commandId)
                .setAccountId(accountId)
                .setCommandType(type)
                .setOutcome(outcome)
                .setVersion(outcome == Outcome.ACCEPTED ? 5L : 0L)
                .setRejection(code == null ? null : new Rejection(code, message, null))
                .setProcessedAt(T.plusSeconds(1))
                .build();
    }

    public static CommandResult creditRejected(final String transferId, final String to, final String message) {
        return result(
                TransferCommandIds.credit(transferId),
                to,
                "CreditTransfer",
                Outcome.REJECTED,
                RejectionCode.ACCOUNT_CLOSED,
                message);
    }

    public static CommandResult creditAccepted(final String transferId, final String to) {
        return result(TransferCommandIds.credit(transferId), to, "CreditTransfer", Outcome.ACCEPTED, null, null);
    }

    public static CommandResult refundRejected(final String transferId, final String from, final String message) {
        return result(
                TransferCommandIds.refund(transferId),
                from,
                "RefundTransfer",
                Outcome.REJECTED,
                RejectionCode.NOT_FOUND,
                message);
    }
}
