package dev.kes.projection.store;

import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;

/**
 * "The balance as of T" over one account's event index: the entry of the highest version filed at or before T.
 * Filed instants never decrease with the version within an account (see {@link IndexedEvent}), so it is a binary
 * search over versions: a few seeks, whatever the history's length. Versions may have gaps; a probe asks for the
 * first entry in a version range, not for one version.
 */
public final class IndexSearch {
    /** Reads of one account's index range. */
    public interface Index {
        /** The entry of the lowest version in [{@code from}, {@code to}] of the account, or null if none. */
        KeyValue<EventKey, IndexedEvent> first(long from, long to);

        /** The entry of the account's highest version, or null if it has none. */
        KeyValue<EventKey, IndexedEvent> last();
    }

    private IndexSearch() {}

    /** The last entry filed at or before {@code at} (compared in epoch millis, as the index keeps them). */
    public static Optional<KeyValue<EventKey, IndexedEvent>> asOf(final Index index, final Instant at) {
        final long atMillis = at.toEpochMilli();
        final KeyValue<EventKey, IndexedEvent> last = index.last();
        if (last == null || last.value.filedAtMillis() <= atMillis) {
            return Optional.ofNullable(last);
        }
        KeyValue<EventKey, IndexedEvent> found = index.first(0, last.key.version());
        if (found.value.filedAtMillis() > atMillis) {
            return Optional.empty();
        }
        // every entry from version `above` on is filed after `at`; `found` is filed at or before it
        long above = last.key.version();
        while (above - found.key.version() > 1) {
            final long mid = found.key.version() + (above - found.key.version()) / 2;
            final KeyValue<EventKey, IndexedEvent> probe = index.first(mid, above - 1);
            if (probe == null || probe.value.filedAtMillis() > atMillis) {
                above = mid;
            } else {
                found = probe;
            }
        }
        return Optional.of(found);
    }
}
