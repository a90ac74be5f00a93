package dev.kes.projection.topology;

import dev.kes.projection.store.EventKey;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * {@code event-index}: every event of an account by version, as the original bytes. Keeping the bytes rather than a
 * re-encoded copy means the audit trail shows exactly what was written, and an event written with an older schema
 * version is read with today's (the codec resolves every published version).
 */
final class EventIndexModel implements ReadModel<Long> {
    private KeyValueStore<EventKey, byte[]> store;

    @Override
    public String name() {
        return StoreNames.EVENT_INDEX;
    }

    @Override
    public void init(final ProcessorContext<?, ?> context) {
        store = context.getStateStore(StoreNames.EVENT_INDEX);
    }

    @Override
    public Long latest(final String accountId) {
        try (KeyValueIterator<EventKey, byte[]> newestFirst =
                store.reverseRange(new EventKey(accountId, 0), EventKey.last(accountId))) {
            if (!newestFirst.hasNext()) {
                return null;
            }
            final KeyValue<EventKey, byte[]> newest = newestFirst.next();
            return newest.key.version();
        }
    }

    @Override
    public long version(final Long latest) {
        return latest;
    }

    @Override
    public Long apply(final DecodedEvent event, final Long latest) {
        store.put(new EventKey(event.event().accountId(), event.event().version()), event.bytes());
        return event.event().version();
    }
}
