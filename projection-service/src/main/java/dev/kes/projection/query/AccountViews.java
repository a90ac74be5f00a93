package dev.kes.projection.query;

import dev.kes.schemas.view.AccountView;

/** From the stored Avro view to the JSON DTO. */
final class AccountViews {
    private AccountViews() {}

    static AccountResponse toResponse(final AccountView view) {
        return new AccountResponse(
                view.getAccountId(),
                view.getHolder(),
                view.getBalance().toPlainString(),
                view.getVersion(),
                view.getStatus().name(),
                view.getOpenedAt().toString(),
                view.getUpdatedAt().toString());
    }
}
