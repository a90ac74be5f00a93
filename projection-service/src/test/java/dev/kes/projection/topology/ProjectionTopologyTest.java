package dev.kes.projection.topology;

import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.event.AccountClosed;
import dev.kes.schemas.event.AccountOpened;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.event.MoneyWithdrawn;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.view.AccountView;
import dev.kes.service.metrics.PrometheusText;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class ProjectionTopologyTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final AvroCodec codec = AvroCodec.shipped();
    private final PrometheusText metrics = new PrometheusText();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> events;
    private KeyValueStore<String, AccountView> balances;

    @BeforeEach
    void setUp() {
        final ProjectionServiceConfig config = ProjectionServiceConfig.of(Map.of("application.id", "projection-test"));
        final Properties props = ProjectionStreamsConfig.properties(config);
        props.put("state.dir", System.getProperty("java.io.tmpdir") + "/kes-ttd-" + System.nanoTime());
        driver = new TopologyTestDriver(ProjectionTopology.build(config, new ProjectionMetrics(metrics)), props);
        events = driver.createInputTopic(config.topics().events(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        balances = driver.getKeyValueStore(StoreNames.BALANCES);
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private static Metadata meta() {
        return Metadata.newBuilder().build();
    }

    private static BigDecimal m(final String amount) {
        return new BigDecimal(amount).setScale(2);
    }

    private static AccountOpened opened(final String id, final String deposit) {
        return new AccountOpened("e1", id, 1L, T0, meta(), "Ada", m(deposit));
    }

    private static MoneyDeposited deposited(final String id, final long version, final String amount) {
        return new MoneyDeposited("e" + version, id, version, T0.plusSeconds(version), meta(), m(amount), null);
    }

    private void pipe(final SpecificRecord event, final String key) {
        events.pipeInput(key, codec.encode(event));
    }

    @Test
    void foldsEventsIntoTheCurrentView() {
        pipe(opened("a", "10"), "a");
        pipe(deposited("a", 2, "5.25"), "a");
        pipe(new MoneyWithdrawn("e3", "a", 3L, T0.plusSeconds(3), meta(), m("15.25")), "a");
        pipe(new AccountClosed("e4", "a", 4L, T0.plusSeconds(4), meta()), "a");
        final AccountView view = balances.get("a");
        assertThat(view.getBalance()).isEqualByComparingTo("0");
        assertThat(view.getVersion()).isEqualTo(4);
        assertThat(view.getStatus().name()).isEqualTo("CLOSED");
        assertThat(view.getOpenedAt()).isEqualTo(T0);
        assertThat(view.getUpdatedAt()).isEqualTo(T0.plusSeconds(4));
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        pipe(opened("a", "10"), "a");
        pipe(deposited("a", 2, "5"), "a");
        pipe(deposited("a", 2, "5"), "a");
        assertThat(balances.get("a").getBalance()).isEqualByComparingTo("15");
        assertThat(metrics.value(ProjectionMetrics.DUPLICATES, "")).isEqualTo(1);
    }

    @Test
    void oldTimestampsAreNeverDropped() {
        pipe(opened("a", "10"), "a");
        final MoneyDeposited backdated = new MoneyDeposited("e2", "a", 2L, Instant.parse("2001-01-01T00:00:00Z"),
                meta(), m("1"), null);
        events.pipeInput("a", codec.encode(backdated), Instant.parse("2001-01-01T00:00:00Z"));
        assertThat(balances.get("a").getBalance()).isEqualByComparingTo("11");
    }

    @Test
    void gapsAreCountedAndUndecodableRecordsSkipped() {
        pipe(opened("a", "10"), "a");
        pipe(deposited("a", 3, "1"), "a");
        events.pipeInput("a", new byte[]{1, 2, 3});
        pipe(deposited("a", 4, "1"), "a");
        assertThat(balances.get("a").getVersion()).isEqualTo(4);
        assertThat(metrics.value(ProjectionMetrics.GAPS, "")).isEqualTo(1);
        assertThat(metrics.value(ProjectionMetrics.MALFORMED, "")).isEqualTo(1);
    }
}
