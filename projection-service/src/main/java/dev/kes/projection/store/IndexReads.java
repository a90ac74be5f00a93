package dev.kes.projection.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads of one account's event index by version, whatever runs the entries are stored in ({@link IndexRun}): a run
 * keyed below a version may hold it, so a read from a version first looks for the run keyed at or before it. Runs
 * never overlap: a key is always above every version of the run before it (the model appends only newer versions).
 */
public final class IndexReads implements IndexSearch.Index {
    /** Range reads of the store, by whatever means the reader has (a store, interactive queries). */
    @FunctionalInterface
    public interface Ranges {
        /** Visits the runs keyed in [from, to], in key order or its reverse, until {@code visit} answers false. */
        void visit(EventKey from, EventKey to, boolean descending, Predicate<KeyValue<EventKey, IndexRun>> visit);
    }

    private final Ranges ranges;
    private final String accountId;

    public IndexReads(final Ranges ranges, final String accountId) {
        this.ranges = ranges;
        this.accountId = accountId;
    }

    /** Range reads of a store that the caller holds open. */
    public static Ranges of(final ReadOnlyKeyValueStore<EventKey, IndexRun> store) {
        return (from, to, descending, visit) -> {
            try (KeyValueIterator<EventKey, IndexRun> runs =
                    descending ? store.reverseRange(from, to) : store.range(from, to)) {
                boolean more = true;
                while (more && runs.hasNext()) {
                    more = visit.test(runs.next());
                }
            }
        };
    }

    /** The entry of the account's highest version, or null if it has none. */
    @Override
    public KeyValue<EventKey, IndexedEvent> last() {
        final KeyValue<EventKey, IndexRun> run = runAtOrBefore(Long.MAX_VALUE);
        if (run == null) {
            return null;
        }
        final List<KeyValue<EventKey, IndexedEvent>> entries = run.value.at(run.key);
        return entries.get(entries.size() - 1);
    }

    /** The entry of the lowest version in [{@code from}, {@code to}], or null if none. */
    @Override
    public KeyValue<EventKey, IndexedEvent> first(final long from, final long to) {
        final List<KeyValue<EventKey, IndexedEvent>> first = from(from, to, 1);
        return first.isEmpty() ? null : first.get(0);
    }

    /** Up to {@code max} entries from version {@code from} on, in version order. */
    public List<KeyValue<EventKey, IndexedEvent>> from(final long from, final int max) {
        return from(from, Long.MAX_VALUE, max);
    }

    private List<KeyValue<EventKey, IndexedEvent>> from(final long from, final long to, final int max) {
        final List<KeyValue<EventKey, IndexedEvent>> found = new ArrayList<>();
        if (max <= 0 || from > to) {
            return found;
        }
        final Predicate<KeyValue<EventKey, IndexRun>> collect = run -> {
            for (final KeyValue<EventKey, IndexedEvent> entry : run.value.at(run.key)) {
                final long version = entry.key.version();
                if (version > to) {
                    return false;
                }
                if (version >= from) {
                    found.add(entry);
                    if (found.size() == max) {
                        return false;
                    }
                }
            }
            return true;
        };
        // one forward read from the run that may hold `from`: what it returns is one view of the store, so an entry
        // written between this and the lookup is either wholly in it or after it, never skipped
        final KeyValue<EventKey, IndexRun> holder = runAtOrBefore(from);
        final long start = holder == null ? from : holder.key.version();
        ranges.visit(new EventKey(accountId, start), new EventKey(accountId, to), false, collect);
        return found;
    }

    /** The run keyed at the highest version at or below {@code version}: the only one that may hold it. */
    private KeyValue<EventKey, IndexRun> runAtOrBefore(final long version) {
        final List<KeyValue<EventKey, IndexRun>> run = new ArrayList<>(1);
        ranges.visit(new EventKey(accountId, 0), new EventKey(accountId, version), true, newest -> {
            run.add(newest);
            return false;
        });
        return run.isEmpty() ? null : run.get(0);
    }
}
