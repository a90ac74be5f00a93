package dev.kes.command.http;

/**
 * The JSON body of a transfer whose debit is committed: PENDING until the process manager credits the target (or
 * refunds the source); {@code position} is the consistency token of the debit, for {@code ?position=} on the queries.
 */
public record TransferResponse(
        String transferId, String status, String fromAccountId, String toAccountId, String amount, String position) {
    public static final String PENDING = "PENDING";
}
