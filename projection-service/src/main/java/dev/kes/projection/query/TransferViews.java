package dev.kes.projection.query;

import dev.kes.schemas.view.TransferView;

/** From the stored Avro view of a transfer to its JSON form. */
final class TransferViews {
    private TransferViews() {}

    static TransferResponse toResponse(final TransferView view) {
        return new TransferResponse(
                view.getTransferId(),
                view.getFromAccountId(),
                view.getToAccountId(),
                view.getAmount().toPlainString(),
                view.getDescription(),
                view.getStatus().name(),
                view.getReason(),
                view.getRequestedAt().toString(),
                view.getCompletedAt() == null ? null : view.getCompletedAt().toString());
    }
}
