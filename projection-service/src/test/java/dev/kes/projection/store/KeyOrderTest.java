package dev.kes.projection.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The stores' byte order (RocksDB compares unsigned bytes) must be the order the queries assume. */
class KeyOrderTest {
    private static final List<String> IDS = List.of("a", "a.b", "a0", "a-1", "aa", "b", "B", "z", "9");
    /** RocksDB's default comparator: lexicographic over unsigned bytes. */
    private static final Comparator<byte[]> ROCKSDB = Arrays::compareUnsigned;

    @Test
    void monthKeysSortByAccountThenMonth() {
        final List<MonthKey> keys = new ArrayList<>();
        for (final String id : IDS) {
            for (final int year : new int[] {-1, 0, 1, 1969, 1970, 2025, 2026, 9999, 10_000}) {
                for (int month = 1; month <= 12; month++) {
                    keys.add(new MonthKey(id, YearMonth.of(year, month)));
                }
            }
            keys.add(MonthKey.first(id));
            keys.add(MonthKey.last(id));
        }
        assertSortsLikeBytes(
                keys, Comparator.comparing(MonthKey::accountId).thenComparing(MonthKey::month), MonthKey::toBytes);
        keys.forEach(key -> assertThat(MonthKey.fromBytes(key.toBytes())).isEqualTo(key));
    }

    @Test
    void eventKeysSortByAccountThenVersion() {
        final List<EventKey> keys = new ArrayList<>();
        for (final String id : IDS) {
            for (final long version : new long[] {0, 1, 2, 127, 128, 255, 256, 65_536, Long.MAX_VALUE}) {
                keys.add(new EventKey(id, version));
            }
        }
        assertSortsLikeBytes(
                keys,
                Comparator.comparing(EventKey::accountId).thenComparingLong(EventKey::version),
                EventKey::toBytes);
        keys.forEach(key -> assertThat(EventKey.fromBytes(key.toBytes())).isEqualTo(key));
    }

    @Test
    void anAccountsBoundsEncloseExactlyItsKeys() {
        final byte[] lower = new EventKey("a", 0).toBytes();
        final byte[] upper = EventKey.last("a").toBytes();
        for (final String other : List.of("a.b", "a0", "aa", "A", "9")) {
            final byte[] key = new EventKey(other, 1).toBytes();
            assertThat(ROCKSDB.compare(key, lower) >= 0 && ROCKSDB.compare(key, upper) <= 0)
                    .as(other)
                    .isFalse();
        }
    }

    @Test
    void onlyAccountIdsAreEncoded() {
        assertThatThrownBy(() -> new EventKey("a\u0000b", 1).toBytes()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventKey.fromBytes(new byte[] {'a', 1, 0, 0, 0, 0, 0, 0, 0, 1}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static <K> void assertSortsLikeBytes(
            final List<K> keys, final Comparator<K> expected, final Function<K, byte[]> bytes) {
        final List<K> shuffled = new ArrayList<>(keys);
        Collections.shuffle(shuffled, new Random(7));
        final List<K> byBytes = shuffled.stream()
                .sorted((x, y) -> ROCKSDB.compare(bytes.apply(x), bytes.apply(y)))
                .toList();
        assertThat(byBytes)
                .containsExactlyElementsOf(keys.stream().sorted(expected).toList());
    }
}
