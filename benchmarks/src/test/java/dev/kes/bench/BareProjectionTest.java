package dev.kes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.projection.topology.StoreNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BareProjectionTest {
    private static final String EVENTS = "events";
    private static final BareProjection.ValueSizes SIZES = new BareProjection.ValueSizes(57, 22, 41);

    @TempDir
    Path stateDir;

    @Test
    void fourStoresAreKeyedLikeTheProjections() {
        final BareProjection.Progress progress = new BareProjection.Progress(3);
        try (TopologyTestDriver driver = driver(BareProjection.Shape.GET_AND_PUT, progress)) {
            final TestInputTopic<byte[], byte[]> events = events(driver);
            events.pipeInput(bytes("acc-000001"), bytes("opened"), Instant.parse("2024-01-05T00:00:00Z"));
            events.pipeInput(bytes("acc-000001"), bytes("deposit"), Instant.parse("2024-01-10T00:00:00Z"));
            events.pipeInput(bytes("acc-000002"), bytes("opened"), Instant.parse("2024-03-01T00:00:00Z"));

            final List<KeyValue<Bytes, byte[]>> index = all(driver.getKeyValueStore(StoreNames.EVENT_INDEX));
            assertThat(index).hasSize(3);
            assertThat(index.get(1).key.get()).hasSize(10 + 1 + 8);
            assertThat(index.stream().map(entry -> new String(entry.value, StandardCharsets.UTF_8)))
                    .containsExactly("opened", "deposit", "opened");

            final List<KeyValue<Bytes, byte[]>> history = all(driver.getKeyValueStore(BareProjection.BALANCE_HISTORY));
            assertThat(history).hasSize(3).allSatisfy(entry -> {
                assertThat(entry.key.get()).hasSize(10 + 1 + 16);
                assertThat(entry.value).hasSize(22);
            });

            // the two January events of acc-000001 share one month
            final List<KeyValue<Bytes, byte[]>> monthly = all(driver.getKeyValueStore(StoreNames.MONTHLY_SNAPSHOTS));
            assertThat(monthly).hasSize(2).allSatisfy(entry -> {
                assertThat(entry.key.get()).hasSize(10 + 1 + 5);
                assertThat(entry.value).hasSize(41);
            });

            final List<KeyValue<Bytes, byte[]>> balances = all(driver.getKeyValueStore(StoreNames.BALANCES));
            assertThat(balances)
                    .extracting(entry -> new String(entry.key.get(), StandardCharsets.UTF_8))
                    .containsExactly("acc-000001", "acc-000002");
            assertThat(balances).allSatisfy(entry -> assertThat(entry.value).hasSize(57));

            assertThat(progress.processed()).isEqualTo(3);
            assertThat(progress.rate()).isPositive();
        }
    }

    @Test
    void passThroughHasNoStoresAndCountsEveryRecord() {
        final BareProjection.Progress progress = new BareProjection.Progress(2);
        final Topology topology = BareProjection.build(EVENTS, BareProjection.Shape.NO_STORES, SIZES, progress);
        assertThat(topology.describe().toString())
                .contains(BareProjection.SOURCE, BareProjection.PASS_THROUGH)
                .doesNotContain(StoreNames.BALANCES);
        try (TopologyTestDriver driver = driver(topology)) {
            final TestInputTopic<byte[], byte[]> events = events(driver);
            events.pipeInput(bytes("acc-000001"), bytes("opened"));
            assertThat(progress.rate()).isNaN();
            events.pipeInput(bytes("acc-000001"), bytes("deposit"));
            assertThat(progress.processed()).isEqualTo(2);
        }
    }

    @Test
    void putOnlyWritesTheSameStores() {
        final BareProjection.Progress progress = new BareProjection.Progress(2);
        try (TopologyTestDriver driver = driver(BareProjection.Shape.PUT_ONLY, progress)) {
            openInJanuaryDepositInFebruary(driver);
            assertThat(all(driver.getKeyValueStore(StoreNames.EVENT_INDEX))).hasSize(2);
            assertThat(all(driver.getKeyValueStore(BareProjection.BALANCE_HISTORY)))
                    .hasSize(2);
            assertThat(all(driver.getKeyValueStore(StoreNames.MONTHLY_SNAPSHOTS)))
                    .hasSize(2);
            assertThat(all(driver.getKeyValueStore(StoreNames.BALANCES))).hasSize(1);
            assertThat(progress.processed()).isEqualTo(2);
        }
    }

    @Test
    void indexedWritesTheThreeStoresOfTheIndexedDesign() {
        final BareProjection.Progress progress = new BareProjection.Progress(2);
        try (TopologyTestDriver driver = driver(BareProjection.Shape.INDEXED, progress)) {
            openInJanuaryDepositInFebruary(driver);
            // the event behind the projection's 19-byte IndexedEvent header
            assertThat(all(driver.getKeyValueStore(StoreNames.EVENT_INDEX)))
                    .extracting(entry -> entry.value.length)
                    .containsExactly(19 + 6, 19 + 7);
            assertThat(driver.getAllStateStores()).doesNotContainKey(BareProjection.BALANCE_HISTORY);
            assertThat(all(driver.getKeyValueStore(StoreNames.MONTHLY_SNAPSHOTS)))
                    .hasSize(2);
            assertThat(all(driver.getKeyValueStore(StoreNames.BALANCES))).hasSize(1);
            assertThat(progress.processed()).isEqualTo(2);
        }
    }

    @Test
    void typicalValuesAreAsSmallAsTheProjectionsViews() {
        final BareProjection.ValueSizes sizes = BareProjectionBench.typicalValueSizes();
        assertThat(sizes.balanceBytes()).isBetween(40, 80);
        assertThat(sizes.historyBytes()).isBetween(15, 40);
        assertThat(sizes.monthlyBytes()).isBetween(30, 70);
    }

    private TopologyTestDriver driver(final BareProjection.Shape shape, final BareProjection.Progress progress) {
        return driver(BareProjection.build(EVENTS, shape, SIZES, progress));
    }

    private TopologyTestDriver driver(final Topology topology) {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bare-projection-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return new TopologyTestDriver(topology, props);
    }

    private static TestInputTopic<byte[], byte[]> events(final TopologyTestDriver driver) {
        return driver.createInputTopic(EVENTS, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Two events of one account a month apart: each lands in a month of its own. */
    private static void openInJanuaryDepositInFebruary(final TopologyTestDriver driver) {
        final TestInputTopic<byte[], byte[]> events = events(driver);
        events.pipeInput(bytes("acc-000001"), bytes("opened"), Instant.parse("2024-01-05T00:00:00Z"));
        events.pipeInput(bytes("acc-000001"), bytes("deposit"), Instant.parse("2024-02-10T00:00:00Z"));
    }

    private static List<KeyValue<Bytes, byte[]>> all(final KeyValueStore<Bytes, byte[]> store) {
        final List<KeyValue<Bytes, byte[]>> entries = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> iterator = store.all()) {
            iterator.forEachRemaining(entries::add);
        }
        return entries;
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
