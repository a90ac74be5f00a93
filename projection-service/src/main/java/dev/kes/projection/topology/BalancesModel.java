package dev.kes.projection.topology;

import dev.kes.domain.Account;
import dev.kes.domain.AccountDecider;
import dev.kes.schemas.view.AccountView;
import dev.kes.service.mapping.ViewMapping;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/** {@code balances}: each account's current view, folded with the domain's own {@code evolve}. */
final class BalancesModel implements ReadModel<AccountView> {
    private KeyValueStore<String, AccountView> store;

    @Override
    public String name() {
        return StoreNames.BALANCES;
    }

    @Override
    public void init(final ProcessorContext<?, ?> context) {
        store = context.getStateStore(StoreNames.BALANCES);
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
