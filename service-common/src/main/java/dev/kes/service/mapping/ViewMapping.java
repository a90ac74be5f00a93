package dev.kes.service.mapping;

import dev.kes.domain.Account;
import dev.kes.schemas.view.AccountView;

/**
 * Between the domain's Account and the projection's Avro view of it in the balances store, so that the projection
 * folds views with the domain's own {@code AccountDecider.evolve}.
 */
public final class ViewMapping {
    private ViewMapping() {}

    public static AccountView toAvro(final Account account) {
        return AccountFields.toAvro(account, AccountView::new);
    }

    public static Account toDomain(final AccountView view) {
        return AccountFields.toDomain(
                view.getAccountId(),
                view.getHolder(),
                view.getBalance(),
                view.getVersion(),
                view.getStatus(),
                view.getOpenedAt(),
                view.getUpdatedAt(),
                view.getPersonalDataErased());
    }
}
