package dev.kes.service.mapping;

import dev.kes.domain.Account;
import dev.kes.domain.AccountStatus;
import dev.kes.schemas.view.AccountView;

/**
 * Between the domain's Account and the projection's Avro view of it in the balances store, so that the projection
 * folds views with the domain's own {@code AccountDecider.evolve}.
 */
public final class ViewMapping {
    private ViewMapping() {
    }

    public static AccountView toAvro(final Account account) {
        return new AccountView(account.id(), account.holder(), account.balance(), account.version(),
                dev.kes.schemas.common.AccountStatus.valueOf(account.status().name()),
                account.openedAt(), account.updatedAt());
    }

    public static Account toDomain(final AccountView view) {
        return new Account(view.getAccountId(), view.getHolder(), view.getBalance(), view.getVersion(),
                AccountStatus.valueOf(view.getStatus().name()), view.getOpenedAt(), view.getUpdatedAt());
    }
}
