package dev.kes.projection.query;

import dev.kes.schemas.view.AccountView;
import dev.kes.service.personal.PersonalData;
import java.util.Optional;

/** From the stored Avro view to the JSON DTO, revealing the sealed holder (docs/adr/0016). */
final class AccountViews {
    private AccountViews() {}

    static AccountResponse toResponse(final AccountView view, final PersonalData personal) {
        // an erased view holds no holder at all; a missing key (erased, tombstone before the event) reveals nothing
        final Optional<String> holder = view.getPersonalDataErased()
                ? Optional.empty()
                : personal.reveal(view.getAccountId(), "holder", view.getHolder());
        return new AccountResponse(
                view.getAccountId(),
                holder.orElse(null),
                view.getBalance().toPlainString(),
                view.getVersion(),
                view.getStatus().name(),
                view.getOpenedAt().toString(),
                view.getUpdatedAt().toString(),
                holder.isEmpty());
    }
}
