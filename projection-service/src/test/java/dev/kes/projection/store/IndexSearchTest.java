package dev.kes.projection.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/** The event-index value's layout, and "as of T" by binary search over an account's versions. */
class IndexSearchTest {
    private static final long T = 1_700_000_000_000L;

    @Test
    void aValueKeepsItsInstantBalanceAndBytes() {
        for (final String balance : List.of("0.00", "-12.34", "9999999999999999.99", "123456789012345678901234.56")) {
            final IndexedEvent value =
                    new IndexedEvent(-86_400_000L, new BigDecimal(balance), new byte[] {(byte) 0xC3, 1, 7});
            final IndexedEvent back = IndexedEvent.fromBytes(value.toBytes());
            assertThat(back.filedAtMillis()).isEqualTo(-86_400_000L);
            assertThat(back.balance().toPlainString()).isEqualTo(balance);
            assertThat(back.event()).containsExactly(0xC3, 1, 7);
        }
    }

    @Test
    void aValueOfTheFormatBeforeTheHeaderIsRefused() {
        assertThatThrownBy(() -> IndexedEvent.fromBytes(new byte[] {(byte) 0xC3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Versions 1, 2, 4, 5, 9 (gaps), several at the same instant: every instant against a linear scan. */
    @Test
    void findsTheLastEntryFiledAtOrBeforeTheInstant() {
        final TreeMap<Long, IndexedEvent> entries = new TreeMap<>();
        final long[] versions = {1, 2, 4, 5, 9};
        final long[] filed = {T, T + 10, T + 10, T + 20, T + 30};
        for (int i = 0; i < versions.length; i++) {
            entries.put(versions[i], new IndexedEvent(filed[i], BigDecimal.valueOf(i), new byte[0]));
        }
        final IndexSearch.Index index = index(entries);
        LongStream.rangeClosed(T - 2, T + 32).forEach(at -> {
            final Optional<Long> expected = entries.entrySet().stream()
                    .filter(e -> e.getValue().filedAtMillis() <= at)
                    .map(e -> e.getKey())
                    .reduce((a, b) -> b);
            assertThat(IndexSearch.asOf(index, Instant.ofEpochMilli(at)).map(kv -> kv.key.version()))
                    .as("as of %d", at - T)
                    .isEqualTo(expected);
        });
    }

    @Test
    void anEmptyIndexHasNoBalance() {
        assertThat(IndexSearch.asOf(index(new TreeMap<>()), Instant.ofEpochMilli(T)))
                .isEmpty();
    }

    private static IndexSearch.Index index(final TreeMap<Long, IndexedEvent> entries) {
        return new IndexSearch.Index() {
            @Override
            public KeyValue<EventKey, IndexedEvent> first(final long from, final long to) {
                return Optional.ofNullable(entries.subMap(from, true, to, true).firstEntry())
                        .map(e -> KeyValue.pair(new EventKey("a", e.getKey()), e.getValue()))
                        .orElse(null);
            }

            @Override
            public KeyValue<EventKey, IndexedEvent> last() {
                return Optional.ofNullable(entries.lastEntry())
                        .map(e -> KeyValue.pair(new EventKey("a", e.getKey()), e.getValue()))
                        .orElse(null);
            }
        };
    }
}
