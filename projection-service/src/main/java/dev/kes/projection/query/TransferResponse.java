package dev.kes.projection.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The JSON body of {@code GET /transfers/{id}}; money as a string. {@code reason} only for a refunded transfer,
 * {@code completedAt} once it ended (credited or refunded), {@code description} when the transfer had one.
 */
@JsonPropertyOrder({
    "transferId",
    "fromAccountId",
    "toAccountId",
    "amount",
    "description",
    "status",
    "reason",
    "requestedAt",
    "completedAt"
})
public record TransferResponse(
        String transferId,
        String fromAccountId,
        String toAccountId,
        String amount,
        @JsonInclude(JsonInclude.Include.NON_NULL) String description,
        String status,
        @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
        String requestedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String completedAt) {
    /** Whether it ended: credited to its target or refunded to its source. */
    public boolean ended() {
        return !"PENDING".equals(status);
    }
}
