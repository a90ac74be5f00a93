package dev.kes.projection.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.domain.AccountEvent;
import dev.kes.projection.store.EventKey;
import dev.kes.projection.store.IndexRun;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.StateStore;
import org.junit.jupiter.api.Test;

/** The event index as a bulk build files it: runs that grow, end when full, and restart when written out. */
class EventIndexRunsTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    /** What reached the changelog, decoded: key → run, last write wins as compaction keeps it. */
    private final Map<EventKey, IndexRun> changelog =
            new TreeMap<>((a, b) -> a.accountId().equals(b.accountId())
                    ? Long.compare(a.version(), b.version())
                    : a.accountId().compareTo(b.accountId()));

    private final List<EventKey> writes = new ArrayList<>();

    @Test
    void runsEndWhenFullOrWrittenOutAndHoldEveryVersionOnce() {
        final ProjectionStores.Spec<EventKey, IndexRun> spec = eventIndexSpec();
        // two open runs at most: a third account's run makes the least recently appended one write out
        final BufferedChangelogStore<EventKey, IndexRun> store = new BufferedChangelogStore<>(
                spec, "app", 0, 2, value -> value.entries().size() >= 3, null, (topic, partition, key, value) -> {
                    final EventKey decodedKey = EventKey.fromBytes(key);
                    writes.add(decodedKey);
                    changelog.put(decodedKey, IndexRun.fromBytes(value));
                });
        final EventIndexModel model = new EventIndexModel(new ProjectionMetrics(new SimpleMeterRegistry()), 3);
        model.init(new StoreLookup() {
            @Override
            @SuppressWarnings("unchecked")
            public <S extends StateStore> S store(final String name) {
                return (S) store;
            }
        });
        final Map<String, EventIndexModel.Latest> latest = new TreeMap<>();
        // a: 1..7 without v5 (a gap inside a run); b and c interleaved so that a's open run is written out
        final String[] order = {"a", "a", "b", "c", "a", "a", "b", "a", "c", "a"};
        final Map<String, Long> versions = new TreeMap<>();
        for (final String account : order) {
            long version = versions.merge(account, 1L, Long::sum);
            if (account.equals("a") && version == 5) {
                version = versions.merge(account, 1L, Long::sum);
            }
            latest.put(account, model.apply(event(account, version), latest.get(account)));
        }
        store.flush();

        // every version filed once, in order, with its own balance, whatever run holds it
        final Map<String, List<Long>> filed = new TreeMap<>();
        changelog.forEach((key, run) -> run.at(key).forEach(entry -> {
            filed.computeIfAbsent(entry.key.accountId(), id -> new ArrayList<>())
                    .add(entry.key.version());
            assertThat(entry.value.event()).containsExactly(bytes(entry.key.accountId(), entry.key.version()));
        }));
        assertThat(filed)
                .containsEntry("a", List.of(1L, 2L, 3L, 4L, 6L, 7L))
                .containsEntry("b", List.of(1L, 2L))
                .containsEntry("c", List.of(1L, 2L));
        // each key written once: a full run at once, an open one when it made room or at the flush
        assertThat(writes).doesNotHaveDuplicates();
        // a's first run [1, 2] was written out to make room (c arrived), so v3 started a new one: [3, 4, 6] is full
        assertThat(changelog.get(new EventKey("a", 1)).entries()).hasSize(2);
        assertThat(changelog.get(new EventKey("a", 3)).at(new EventKey("a", 3)))
                .extracting(kv -> kv.key.version())
                .containsExactly(3L, 4L, 6L);
        // a full run is not appended to: v7 starts the next one
        assertThat(changelog.get(new EventKey("a", 7)).entries()).hasSize(1);
    }

    private static DecodedEvent event(final String account, final long version) {
        final AccountEvent event = version == 1
                ? new AccountEvent.AccountOpened(account, 1, T, "holder", BigDecimal.TEN)
                : new AccountEvent.MoneyDeposited(account, version, T.plusSeconds(version), BigDecimal.ONE, null);
        return new DecodedEvent(event, bytes(account, version));
    }

    private static byte[] bytes(final String account, final long version) {
        return (account + version).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static ProjectionStores.Spec<EventKey, IndexRun> eventIndexSpec() {
        return (ProjectionStores.Spec<EventKey, IndexRun>) ProjectionStores.accounts().stream()
                .filter(spec -> spec.name().equals(StoreNames.EVENT_INDEX))
                .findFirst()
                .orElseThrow();
    }
}
