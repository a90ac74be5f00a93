package dev.kes.projection.topology;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A store of a {@link BulkBuild}: what the read models put goes to the store's changelog topic as Kafka Streams would
 * write it (the serialized key and value, null for a delete), to be restored by the generation's instances. Up to
 * {@code capacity} changed keys are held and written once, when the least recently used makes room or at
 * {@link #flush}; a value that {@code finished} says will not change again (a full event-index run) is written at
 * once, and so is a key when another key of its {@code group} is put (an account's month when its next month starts;
 * a null group: no such rule): holding them would only keep them in memory, and every young collection would copy
 * them.
 *
 * <p>It answers {@link #get} from what it holds, null for a key written out, so a model may read back only keys that
 * cannot have made room (unbounded capacity), or take null for "already written" (the event index's open runs). The
 * build's latest cache holds every account, so nothing else is read back. It is never scanned.
 */
final class BufferedChangelogStore<K, V> implements KeyValueStore<K, V> {
    /** Where the serialized records go: a topic and partition, or null to partition by key as Kafka Streams does. */
    interface Sink {
        void send(String topic, Integer partition, byte[] key, byte[] value);
    }

    private final String name;
    private final String topic;
    private final Integer partition;
    private final Serializer<K> keys;
    private final Serializer<V> values;
    private final Sink sink;
    private final int capacity;
    private final Predicate<? super V> finished;
    private final Function<? super K, ?> group;
    private final Map<K, V> held;
    /** Per group, the key last put: the one key of the group that can still change. */
    private final Map<Object, K> latestOfGroup = new HashMap<>();

    BufferedChangelogStore(
            final ProjectionStores.Spec<K, V> spec,
            final String applicationId,
            final Integer partition,
            final int capacity,
            final Predicate<? super V> finished,
            final Function<? super K, ?> group,
            final Sink sink) {
        this.name = spec.name();
        this.topic = spec.changelog(applicationId);
        this.partition = partition;
        this.keys = spec.keys().serializer();
        this.values = spec.values().serializer();
        this.sink = sink;
        this.capacity = capacity;
        this.finished = finished;
        this.group = group;
        this.held = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<K, V> eldest) {
                if (size() <= BufferedChangelogStore.this.capacity) {
                    return false;
                }
                write(eldest.getKey(), eldest.getValue());
                return true;
            }
        };
    }

    private void write(final K key, final V value) {
        sink.send(topic, partition, keys.serialize(topic, key), value == null ? null : values.serialize(topic, value));
    }

    @Override
    public void put(final K key, final V value) {
        if (group != null) {
            final K previous = latestOfGroup.put(group.apply(key), key);
            if (previous != null && !previous.equals(key) && held.containsKey(previous)) {
                write(previous, held.remove(previous));
            }
        }
        if (value != null && finished.test(value)) {
            held.remove(key);
            write(key, value);
        } else {
            held.put(key, value);
        }
    }

    @Override
    public V putIfAbsent(final K key, final V value) {
        final V existing = get(key);
        if (existing == null) {
            put(key, value);
        }
        return existing;
    }

    @Override
    public void putAll(final List<KeyValue<K, V>> entries) {
        entries.forEach(entry -> put(entry.key, entry.value));
    }

    @Override
    public V delete(final K key) {
        final V existing = get(key);
        put(key, null);
        return existing;
    }

    @Override
    public V get(final K key) {
        return held.get(key);
    }

    @Override
    public KeyValueIterator<K, V> range(final K from, final K to) {
        throw new UnsupportedOperationException("a bulk build's store is written, not scanned");
    }

    @Override
    public KeyValueIterator<K, V> all() {
        throw new UnsupportedOperationException("a bulk build's store is written, not scanned");
    }

    @Override
    public long approximateNumEntries() {
        return held.size();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(final StateStoreContext context, final StateStore root) {
        throw new UnsupportedOperationException("a bulk build's store is not part of a Kafka Streams app");
    }

    /** Writes every held change. */
    @Override
    public void flush() {
        held.forEach(this::write);
        held.clear();
        latestOfGroup.clear();
    }

    @Override
    public void close() {
        held.clear();
        latestOfGroup.clear();
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return true;
    }
}
