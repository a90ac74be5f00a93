package dev.kes.projection.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/** Reads by version over an index whose entries are stored one per key or in runs of many, as a bulk build writes. */
class IndexReadsTest {
    private static final String ACCOUNT = "a";

    @Test
    void aRunOfOneIsStoredAsASingleEntryAlwaysWas() {
        final IndexedEvent event = entry(7);
        assertThat(IndexRun.of(event).toBytes()).isEqualTo(event.toBytes());
        final List<IndexRun.Entry> back = IndexRun.fromBytes(event.toBytes()).entries();
        assertThat(back).singleElement().extracting(IndexRun.Entry::offset).isEqualTo(0L);
        assertThat(back.get(0).event().toBytes()).isEqualTo(event.toBytes());
    }

    @Test
    void aRunRoundTripsWithItsOffsets() {
        final IndexRun run = IndexRun.of(entry(1)).plus(1, entry(2)).plus(5, entry(3));
        final IndexRun back = IndexRun.fromBytes(run.toBytes());
        assertThat(back.at(new EventKey(ACCOUNT, 10)))
                .extracting(kv -> kv.key.version(), kv -> kv.value.balance())
                .containsExactly(
                        tuple(10L, BigDecimal.valueOf(1)),
                        tuple(11L, BigDecimal.valueOf(2)),
                        tuple(15L, BigDecimal.valueOf(3)));
        assertThat(back.entries().get(2).event().event()).isEqualTo(entry(3).event());
    }

    @Test
    void aRunRefusesVersionsOutOfOrder() {
        assertThatThrownBy(() -> IndexRun.of(entry(1)).plus(0, entry(2))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IndexRun.fromBytes(new byte[] {IndexRun.RUN_FORMAT, 0, 0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCorruptedRunIsRefusedWithoutReadingPastItsBytes() {
        final byte[] good = IndexRun.of(entry(1)).plus(1, entry(2)).toBytes();
        final byte[] manyEntries = good.clone();
        manyEntries[4] = 100; // count
        final byte[] longEntry = good.clone();
        longEntry[1 + Integer.BYTES + Long.BYTES] = 0x7F; // the first entry's length
        final byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
        for (final byte[] bad : List.of(manyEntries, longEntry, trailing, new byte[] {IndexRun.RUN_FORMAT, 0, 0})) {
            assertThatThrownBy(() -> IndexRun.fromBytes(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aPageReadWhileEventsArriveSkipsNone() {
        final NavigableMap<Long, IndexRun> stored = new TreeMap<>();
        for (long version = 1; version <= 4; version++) {
            stored.put(version, IndexRun.of(entry(version)));
        }
        final IndexReads.Ranges plain = ranges(stored);
        // the stream thread files v5 and v6 right after the reader's first lookup
        final IndexReads reads = new IndexReads(
                (from, to, descending, visit) -> {
                    plain.visit(from, to, descending, visit);
                    stored.putIfAbsent(5L, IndexRun.of(entry(5)));
                    stored.putIfAbsent(6L, IndexRun.of(entry(6)));
                },
                ACCOUNT);
        assertThat(versionsOf(reads.from(5, 10))).containsExactly(5L, 6L);
    }

    @Test
    void readsAnswerAsOverOneEntryPerVersionWhateverTheRuns() {
        final Random random = new Random(42);
        for (int layout = 0; layout < 300; layout++) {
            final List<Long> versions = new ArrayList<>();
            long version = 0;
            for (int i = random.nextInt(60); i > 0; i--) {
                version += random.nextInt(8) == 0 ? 2 + random.nextInt(3) : 1; // a gap now and then
                versions.add(version);
            }
            final NavigableMap<Long, IndexRun> stored = runs(versions, random);
            final IndexReads reads = new IndexReads(ranges(stored), ACCOUNT);

            assertThat(versionsOf(reads.from(0, Integer.MAX_VALUE))).isEqualTo(versions);
            assertThat(reads.last() == null ? null : reads.last().key.version())
                    .isEqualTo(versions.isEmpty() ? null : versions.get(versions.size() - 1));
            final long top = version + 3;
            for (long from = 0; from <= top; from++) {
                final int max = 1 + random.nextInt(5);
                final long start = from;
                assertThat(versionsOf(reads.from(from, max)))
                        .isEqualTo(versions.stream()
                                .filter(v -> v >= start)
                                .limit(max)
                                .toList());
                final long to = from + random.nextInt(6);
                final KeyValue<EventKey, IndexedEvent> first = reads.first(from, to);
                assertThat(first == null ? null : first.key.version())
                        .isEqualTo(versions.stream()
                                .filter(v -> v >= start && v <= to)
                                .findFirst()
                                .orElse(null));
                if (first != null) {
                    // the entry's own value, not its run's first
                    assertThat(first.value.balance()).isEqualTo(BigDecimal.valueOf(first.key.version()));
                }
            }
        }
    }

    /** The versions filed in runs of random lengths, the balance of each entry being its version. */
    private static NavigableMap<Long, IndexRun> runs(final List<Long> versions, final Random random) {
        final NavigableMap<Long, IndexRun> stored = new TreeMap<>();
        int i = 0;
        while (i < versions.size()) {
            final long key = versions.get(i);
            IndexRun run = IndexRun.of(entry(key));
            final int length = 1 + random.nextInt(6);
            for (i++; i < versions.size() && run.entries().size() < length; i++) {
                run = run.plus(versions.get(i) - key, entry(versions.get(i)));
            }
            stored.put(key, run);
        }
        return stored;
    }

    private static IndexReads.Ranges ranges(final NavigableMap<Long, IndexRun> stored) {
        return (from, to, descending, visit) -> {
            final NavigableMap<Long, IndexRun> range = stored.subMap(from.version(), true, to.version(), true);
            for (final Map.Entry<Long, IndexRun> run : (descending ? range.descendingMap() : range).entrySet()) {
                if (!visit.test(KeyValue.pair(new EventKey(ACCOUNT, run.getKey()), run.getValue()))) {
                    return;
                }
            }
        };
    }

    private static IndexedEvent entry(final long balance) {
        return new IndexedEvent(
                1_000 * balance, BigDecimal.valueOf(balance), new byte[] {(byte) 0xC3, 1, (byte) balance});
    }

    private static List<Long> versionsOf(final List<KeyValue<EventKey, IndexedEvent>> entries) {
        return entries.stream().map(kv -> kv.key.version()).toList();
    }
}
