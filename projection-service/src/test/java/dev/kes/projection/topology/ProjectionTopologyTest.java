package dev.kes.projection.topology;

import static dev.kes.projection.topology.TestEvents.closed;
import static dev.kes.projection.topology.TestEvents.deposited;
import static dev.kes.projection.topology.TestEvents.opened;
import static dev.kes.projection.topology.TestEvents.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.schemas.view.AccountView;
import java.time.Instant;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The balances read model, and what the projector skips for every read model. */
class ProjectionTopologyTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @AutoClose
    private final ProjectionDriver driver = new ProjectionDriver();

    @Test
    void foldsEventsIntoTheCurrentView() {
        driver.pipe(opened("a", T0, "10"));
        driver.pipe(deposited("a", 2, T0.plusSeconds(2), "5.25"));
        driver.pipe(withdrawn("a", 3, T0.plusSeconds(3), "15.25"));
        driver.pipe(closed("a", 4, T0.plusSeconds(4)));
        final AccountView view = driver.balances().get("a");
        assertThat(view.getBalance()).isEqualByComparingTo("0");
        assertThat(view.getVersion()).isEqualTo(4);
        assertThat(view.getStatus().name()).isEqualTo("CLOSED");
        assertThat(view.getOpenedAt()).isEqualTo(T0);
        assertThat(view.getUpdatedAt()).isEqualTo(T0.plusSeconds(4));
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        driver.pipe(opened("a", T0, "10"));
        driver.pipe(deposited("a", 2, T0, "5"));
        driver.pipe(deposited("a", 2, T0, "5"));
        assertThat(driver.balances().get("a").getBalance()).isEqualByComparingTo("15");
        assertThat(driver.counter(ProjectionMetrics.DUPLICATES, StoreNames.BALANCES))
                .isEqualTo(1);
    }

    @Test
    void oldTimestampsAreNeverDropped() {
        driver.pipe(opened("now", T0, "1"));
        driver.pipe(opened("a", Instant.parse("2001-01-01T00:00:00Z"), "10"));
        driver.pipe(deposited("a", 2, Instant.parse("2001-01-02T00:00:00Z"), "1"));
        assertThat(driver.balances().get("a").getBalance()).isEqualByComparingTo("11");
    }

    @Test
    void gapsAreCountedAndUndecodableRecordsSkipped() {
        driver.pipe(opened("a", T0, "10"));
        driver.pipe(deposited("a", 3, T0, "1"));
        driver.pipeRaw("a", new byte[] {1, 2, 3});
        driver.pipe(deposited("a", 4, T0, "1"));
        assertThat(driver.balances().get("a").getVersion()).isEqualTo(4);
        assertThat(driver.counter(ProjectionMetrics.GAPS, StoreNames.BALANCES)).isEqualTo(1);
        assertThat(driver.counter(ProjectionMetrics.MALFORMED)).isEqualTo(1);
    }

    @Test
    void unknownSchemasAndNonEventsAreSkippedAndCounted() {
        driver.pipe(opened("a", T0, "10"));
        final byte[] unknownFingerprint = driver.encode(deposited("a", 2, T0, "1"));
        unknownFingerprint[2] ^= 0x5a;
        driver.pipeRaw("a", unknownFingerprint);
        driver.pipeRaw("a", driver.encode(driver.balances().get("a")));
        driver.pipe(deposited("a", 2, T0, "1"));
        assertThat(driver.counter(ProjectionMetrics.UNKNOWN)).isEqualTo(2);
        assertThat(driver.balances().get("a").getBalance()).isEqualByComparingTo("11");
        assertThat(driver.counter(ProjectionMetrics.GAPS, StoreNames.BALANCES)).isZero();
    }

    @Test
    void anEventUnderAnotherKeyIsSkippedAndCounted() {
        driver.pipeRaw("b", driver.encode(opened("a", T0, "10")));
        assertThat(driver.balances().get("a")).isNull();
        assertThat(driver.balances().get("b")).isNull();
        assertThat(driver.indexedEvents("a")).isEmpty();
        assertThat(driver.counter(ProjectionMetrics.MALFORMED)).isEqualTo(1);
    }

    @Test
    void eventsBeforeTheOpeningAreNotAppliedByAnyReadModel() {
        driver.pipe(deposited("a", 1, T0, "1"));
        assertThat(driver.balances().get("a")).isNull();
        assertThat(driver.history("a")).isEmpty();
        assertThat(driver.months("a")).isEmpty();
        assertThat(driver.indexedEvents("a")).isEmpty();
        for (final String view :
                new String[] {StoreNames.BALANCES, StoreNames.MONTHLY_SNAPSHOTS, StoreNames.EVENT_INDEX}) {
            assertThat(driver.counter(ProjectionMetrics.NOT_OPENED, view))
                    .as(view)
                    .isEqualTo(1);
        }
    }
}
