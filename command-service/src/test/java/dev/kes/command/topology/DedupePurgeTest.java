package dev.kes.command.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.command.CommandServiceConfig;
import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.result.Outcome;
import dev.kes.schemas.serde.AvroCodec;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dedupe store forgets expired command ids a bounded slice at a time, and keeps every one still in the window. */
class DedupePurgeTest {
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final Duration WINDOW = Duration.ofHours(1);
    private final AvroCodec codec = AvroCodec.shipped();
    private TopologyTestDriver driver;
    private KeyValueStore<String, byte[]> store;

    @BeforeEach
    void start(@TempDir final Path state) {
        final CommandServiceConfig config = CommandServiceConfig.of(
                Map.of("application.id", "dedupe-purge-test", "dedupe.window.ms", String.valueOf(WINDOW.toMillis())));
        final Properties props = CommandStreamsConfig.properties(config);
        props.put("state.dir", state.toString());
        driver = new TopologyTestDriver(CommandTopology.build(config), props, NOW);
        store = driver.getKeyValueStore(StoreNames.COMMAND_DEDUPE);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void eachCallLooksAtOneSliceAndAFullPassRemovesEveryExpiredId() {
        // interleaved in key order: expired (e-…) and recent (r-…) ids
        for (int i = 0; i < 10; i++) {
            remember("id-" + i + "-e", NOW.minus(WINDOW).minusSeconds(1));
            remember("id-" + i + "-r", NOW.minus(WINDOW).plusSeconds(1));
        }
        final DedupePurge purge = new DedupePurge(store, codec, WINDOW, 3);

        final List<Integer> removed = new ArrayList<>();
        for (int call = 0; call < 7; call++) { // 20 entries, 3 a call: one pass
            removed.add(purge.purge(NOW));
        }

        assertThat(removed).allSatisfy(count -> assertThat(count).isBetween(0, 3));
        assertThat(removed.stream().mapToInt(Integer::intValue).sum()).isEqualTo(10);
        assertThat(keys()).hasSize(10).allSatisfy(key -> assertThat(key).endsWith("-r"));
        // the next pass starts over and finds nothing more to remove
        for (int call = 0; call < 4; call++) {
            assertThat(purge.purge(NOW)).isZero();
        }
        assertThat(keys()).hasSize(10);
    }

    @Test
    void afterAFullPassItRestsUntilTheOldestKeptIdCanExpire() {
        remember("kept", NOW.minus(WINDOW).plusSeconds(10));
        final DedupePurge purge = new DedupePurge(store, codec, WINDOW, 3);
        assertThat(purge.purge(NOW)).isZero(); // one entry: the pass ends at once
        // written behind its back with an old processedAt (another instance's clock): not looked at while resting
        remember("stale", NOW.minus(WINDOW).minusSeconds(60));

        assertThat(purge.purge(NOW.plusSeconds(9))).isZero();
        assertThat(keys()).containsExactlyInAnyOrder("kept", "stale");

        assertThat(purge.purge(NOW.plusSeconds(11))).isEqualTo(2);
        assertThat(keys()).isEmpty();
    }

    @Test
    void aPassOverAnEmptyStoreRestsForAWindowFromItsStart() {
        final DedupePurge purge = new DedupePurge(store, codec, WINDOW, 3);
        assertThat(purge.purge(NOW)).isZero();
        remember("stale", NOW.minus(WINDOW));

        assertThat(purge.purge(NOW.plus(WINDOW).minusMillis(1))).isZero();
        assertThat(keys()).containsExactly("stale");
        assertThat(purge.purge(NOW.plus(WINDOW))).isEqualTo(1);
    }

    @Test
    void aTransfersFollowUpsAreNeverForgotten() {
        remember("t-1/credit", "CreditTransfer", NOW.minus(WINDOW.multipliedBy(100)));
        remember("t-1/refund", "RefundTransfer", NOW.minus(WINDOW.multipliedBy(100)));
        remember("old", NOW.minus(WINDOW).minusSeconds(5));
        final DedupePurge purge = new DedupePurge(store, codec, WINDOW, 10);

        assertThat(purge.purge(NOW)).isEqualTo(1);
        assertThat(keys()).containsExactlyInAnyOrder("t-1/credit", "t-1/refund");
        assertThat(purge.purge(NOW.plus(WINDOW.multipliedBy(1000)))).isZero();
        assertThat(keys()).containsExactlyInAnyOrder("t-1/credit", "t-1/refund");
    }

    @Test
    void theProcessorPurgesOnWallClockTime() {
        remember("old", NOW.minus(WINDOW).minusSeconds(5));
        remember("recent", NOW.minusSeconds(5));

        driver.advanceWallClockTime(Duration.ofSeconds(2));

        assertThat(keys()).containsExactly("recent");
    }

    private void remember(final String commandId, final Instant processedAt) {
        remember(commandId, "DepositMoney", processedAt);
    }

    private void remember(final String commandId, final String commandType, final Instant processedAt) {
        store.put(
                commandId,
                codec.encode(CommandResult.newBuilder()
                        .setCommandId(commandId)
                        .setAccountId("acc-1")
                        .setCommandType(commandType)
                        .setOutcome(Outcome.ACCEPTED)
                        .setVersion(2)
                        .setBalance(new BigDecimal("1.00"))
                        .setEventCount(1)
                        .setRejection(null)
                        .setProcessedAt(processedAt)
                        .build()));
    }

    private List<String> keys() {
        final List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining((KeyValue<String, byte[]> entry) -> keys.add(entry.key));
        }
        return keys;
    }
}
