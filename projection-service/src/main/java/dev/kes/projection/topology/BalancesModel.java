package dev.kes.projection.topology;

import dev.kes.domain.Account;
import dev.kes.domain.AccountDecider;
import dev.kes.schemas.view.AccountView;
import dev.kes.service.mapping.ViewMapping;

/**
 * {@code balances}: each account's current view, folded with the domain's own {@code evolve}. The latest applied
 * state is kept as the domain's account, so that an event maps the state to its view once, not back and forth.
 */
final class BalancesModel extends StoreModel<String, AccountView, Account> {
    BalancesModel() {
        super(StoreNames.BALANCES);
    }

    @Override
    public Account latest(final String accountId) {
        final AccountView view = store.get(accountId);
        return view == null ? null : ViewMapping.toDomain(view);
    }

    @Override
    public long version(final Account latest) {
        return latest.version();
    }

    @Override
    public Account apply(final DecodedEvent event, final Account latest) {
        final String id = event.event().accountId();
        final Account after = AccountDecider.evolve(latest == null ? Account.initial(id) : latest, event.event());
        store.put(id, ViewMapping.toAvro(after));
        return after;
    }
}
