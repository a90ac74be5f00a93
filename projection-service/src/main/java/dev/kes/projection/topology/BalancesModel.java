package dev.kes.projection.topology;

import dev.kes.domain.Account;
import dev.kes.domain.AccountDecider;
import dev.kes.schemas.view.AccountView;
import dev.kes.service.mapping.ViewMapping;

/** {@code balances}: each account's current view, folded with the domain's own {@code evolve}. */
final class BalancesModel extends StoreModel<String, AccountView, AccountView> {
    BalancesModel() {
        super(StoreNames.BALANCES);
    }

    @Override
    public AccountView latest(final String accountId) {
        return store.get(accountId);
    }

    @Override
    public long version(final AccountView latest) {
        return latest.getVersion();
    }

    @Override
    public AccountView apply(final DecodedEvent event, final AccountView latest) {
        final String id = event.event().accountId();
        final Account before = latest == null ? Account.initial(id) : ViewMapping.toDomain(latest);
        final AccountView view = ViewMapping.toAvro(AccountDecider.evolve(before, event.event()));
        store.put(id, view);
        return view;
    }
}
