package dev.kes.schemas.contract;

import java.util.Optional;

/**
 * The commandIds of a transfer's follow-up commands, derived from its transferId (the TransferMoney commandId):
 * whoever issues them again after a crash or redelivery issues the very same ids, which the command service
 * answers with the first outcome instead of crediting or refunding twice.
 */
public final class TransferCommandIds {
    private static final String CREDIT = "/credit";
    private static final String REFUND = "/refund";

    private TransferCommandIds() {}

    public static String credit(final String transferId) {
        return transferId + CREDIT;
    }

    public static String refund(final String transferId) {
        return transferId + REFUND;
    }

    /** The transferId a credit's commandId was derived from; empty for any other commandId. */
    public static Optional<String> transferOfCredit(final String commandId) {
        return commandId != null && commandId.endsWith(CREDIT) && commandId.length() > CREDIT.length()
                ? Optional.of(commandId.substring(0, commandId.length() - CREDIT.length()))
                : Optional.empty();
    }

    /** The transferId a refund's commandId was derived from; empty for any other commandId. */
    public static Optional<String> transferOfRefund(final String commandId) {
        return commandId != null && commandId.endsWith(REFUND) && commandId.length() > REFUND.length()
                ? Optional.of(commandId.substring(0, commandId.length() - REFUND.length()))
                : Optional.empty();
    }
}
