package dev.kes.admin.snapshots;

import dev.kes.admin.events.StoredEvent;
import dev.kes.domain.Account;
import dev.kes.domain.AccountDecider;
import dev.kes.domain.AccountEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Every account's state, folded from its events with the domain's own {@link AccountDecider#evolve}, in the order
 * the events are read (per partition, which is version order per account).
 *
 * <p>It also notes what must never be in the event store: a version that repeats or skips one, events of an account
 * that was never opened. A repeated version is not applied again (as the projections ignore it); a skipped one is
 * applied, so the state reflects every event that is there.
 */
public final class AccountFold implements Consumer<StoredEvent> {
    private final SortedMap<String, Account> states = new TreeMap<>();
    /** Accounts with events but none applied (never opened): they have events all the same. */
    private final Set<String> unopened = new TreeSet<>();

    private final List<String> anomalies = new ArrayList<>();

    @Override
    public void accept(final StoredEvent stored) {
        final AccountEvent event = stored.event();
        final String id = event.accountId();
        final Account before = states.getOrDefault(id, Account.initial(id));
        final String where = " (partition " + stored.partition() + ", offset " + stored.offset() + ")";
        if (!before.exists() && !(event instanceof AccountEvent.AccountOpened)) {
            unopened.add(id);
            anomalies.add(id + ": " + stored.type() + " version " + event.version() + where
                    + " before the account was opened; not applied");
            return;
        }
        if (event.version() <= before.version()) {
            anomalies.add(id + ": version " + event.version() + where + " repeats a version already applied (at "
                    + before.version() + "); not applied again");
            return;
        }
        if (event.version() != before.version() + 1) {
            anomalies.add(id + ": version " + event.version() + where + " follows version " + before.version());
        }
        states.put(id, AccountDecider.evolve(before, event));
        if (!before.exists()) {
            unopened.remove(id);
        }
    }

    /** Whether any event of the account was read, applied or not. */
    public boolean hasEvents(final String accountId) {
        return states.containsKey(accountId) || unopened.contains(accountId);
    }

    /** The accounts that exist (were opened), by id. */
    public Map<String, Account> accounts() {
        return Collections.unmodifiableSortedMap(states);
    }

    public List<String> anomalies() {
        return List.copyOf(anomalies);
    }
}
