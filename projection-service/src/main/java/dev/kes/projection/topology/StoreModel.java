package dev.kes.projection.topology;

import org.apache.kafka.streams.state.KeyValueStore;

/** A read model kept in one key-value store, whose name is the model's. */
abstract class StoreModel<K, V, S> implements ReadModel<S> {
    private final String name;
    /** The model's store, there from {@link #init} on. */
    protected KeyValueStore<K, V> store;

    protected StoreModel(final String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final void init(final StoreLookup stores) {
        store = stores.store(name);
    }
}
