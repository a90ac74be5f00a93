package dev.kes.projection.topology;

import dev.kes.projection.store.EventKey;
import dev.kes.projection.store.IndexRun;
import dev.kes.projection.store.MonthKey;
import dev.kes.schemas.serde.AvroSerdes;
import dev.kes.schemas.view.AccountView;
import dev.kes.schemas.view.MonthlySnapshot;
import dev.kes.schemas.view.TransferView;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The projection's state stores with their serdes: one list for the topology and for a {@link BulkBuild}, which
 * writes the same bytes to the same changelogs.
 */
final class ProjectionStores {
    /** The stores of the account read models, in the source's partitions (sub-topology 0); new serdes each call. */
    static List<Spec<?, ?>> accounts() {
        return List.of(
                // balances and months change in place: the record cache writes each changed key once per commit
                new Spec<>(StoreNames.BALANCES, Serdes.String(), AvroSerdes.of(AccountView.class), true),
                new Spec<>(StoreNames.MONTHLY_SNAPSHOTS, MonthKey.SERDE, AvroSerdes.of(MonthlySnapshot.class), true),
                // one new key per event: a cache would only delay it
                new Spec<>(StoreNames.EVENT_INDEX, EventKey.SERDE, IndexRun.SERDE, false));
    }

    /** The stores of the transfers read model, in the partitions of transfers-by-id (sub-topology 1). */
    static List<Spec<?, ?>> transfers() {
        return List.of(
                new Spec<>(StoreNames.TRANSFERS, Serdes.String(), AvroSerdes.of(TransferView.class), false),
                new Spec<>(
                        StoreNames.EARLY_TRANSFER_OUTCOMES, Serdes.String(), AvroSerdes.of(TransferView.class), false));
    }

    private ProjectionStores() {}

    /** A persistent, logged key-value store. */
    record Spec<K, V>(String name, Serde<K> keys, Serde<V> values, boolean cached) {
        StoreBuilder<KeyValueStore<K, V>> builder() {
            final StoreBuilder<KeyValueStore<K, V>> builder =
                    Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values);
            return cached ? builder.withCachingEnabled() : builder;
        }

        /** Kafka Streams' name for the store's changelog topic of {@code applicationId}. */
        String changelog(final String applicationId) {
            return applicationId + "-" + name + "-changelog";
        }
    }
}
