package dev.kes.bench;

import dev.kes.domain.Account;
import dev.kes.domain.AccountDecider;
import dev.kes.domain.AccountEvent;
import dev.kes.schemas.serde.AvroSerdes;
import dev.kes.schemas.state.AccountSnapshot;
import dev.kes.service.mapping.EventMapping;
import dev.kes.service.mapping.SnapshotMapping;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The snapshot the command processor logs to the account-state changelog after each event of an
 * {@link EventHistory}: the account's state evolved by the domain ({@link AccountDecider#evolve}), turned into its
 * Avro snapshot by {@link SnapshotMapping#toAvro} and serialised by the store's own value serde. Stateful: events
 * must be asked for in order, once each.
 */
final class SnapshotTrail {
    private final EventHistory history;
    private final Account[] states;
    private final Serializer<AccountSnapshot> serializer =
            AvroSerdes.of(AccountSnapshot.class).serializer();
    private final String topic;
    private int next;

    /** @param topic the changelog (serialisers may look at it; the store's does not) */
    SnapshotTrail(final EventHistory history, final String topic) {
        this.history = history;
        this.topic = topic;
        final String[] ids = history.accountIds();
        this.states = new Account[ids.length];
        for (int a = 0; a < ids.length; a++) {
            states[a] = Account.initial(ids[a]);
        }
    }

    /** The changelog value after event i. */
    byte[] value(final int i) {
        if (i != next) {
            throw new IllegalStateException("snapshot " + i + " asked for, the next is " + next);
        }
        next++;
        final int a = history.accountIndex(i);
        final AccountEvent event = EventMapping.toDomain(history.event(i))
                .orElseThrow(() -> new IllegalStateException("event " + i + " has no domain type"));
        states[a] = AccountDecider.evolve(states[a], event);
        return serializer.serialize(topic, SnapshotMapping.toAvro(states[a]));
    }

    /** The changelog value of account a now: its latest snapshot. */
    byte[] current(final int a) {
        return serializer.serialize(topic, SnapshotMapping.toAvro(states[a]));
    }
}
