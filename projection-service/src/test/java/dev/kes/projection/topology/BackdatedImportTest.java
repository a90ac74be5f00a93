package dev.kes.projection.topology;

import static dev.kes.projection.topology.TestEvents.deposited;
import static dev.kes.projection.topology.TestEvents.interest;
import static dev.kes.projection.topology.TestEvents.opened;
import static dev.kes.projection.topology.TestEvents.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.schemas.view.MonthlySnapshot;
import java.time.Instant;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * "Nothing is dropped because it is old": an import of an account's history from years ago, interleaved in the
 * same partition with current traffic of other accounts, arriving after their newer events (and so behind the
 * partition's stream time by years) ends up complete in every read model.
 */
class BackdatedImportTest {
    private static final Instant NOW = Instant.parse("2026-05-20T12:00:00Z");

    @AutoClose
    private final ProjectionDriver driver = new ProjectionDriver();

    private static Instant old(final String instant) {
        return Instant.parse(instant);
    }

    @Test
    void anImportOfOldHistoryInterleavedWithCurrentTrafficIsAppliedInFull() {
        driver.pipe(opened("live-1", NOW, "100"));
        driver.pipe(opened("live-2", NOW.plusSeconds(1), "50"));
        driver.pipe(opened("imported", old("2019-03-01T09:00:00Z"), "1000"));
        driver.pipe(deposited("live-1", 2, NOW.plusSeconds(2), "1"));
        driver.pipe(deposited("imported", 2, old("2019-03-15T09:00:00Z"), "200"));
        driver.pipe(withdrawn("live-2", 2, NOW.plusSeconds(3), "5"));
        driver.pipe(withdrawn("imported", 3, old("2019-07-01T09:00:00Z"), "300"));
        driver.pipe(interest("imported", 4, old("2020-01-01T00:00:00Z"), "9.90"));
        driver.pipe(deposited("live-1", 3, NOW.plusSeconds(4), "1"));
        driver.pipe(deposited("imported", 5, old("2020-02-29T23:59:59Z"), "0.10"));

        assertThat(driver.balances().get("imported").getBalance()).isEqualByComparingTo("910.00");
        assertThat(driver.balances().get("live-1").getBalance()).isEqualByComparingTo("102.00");
        assertThat(driver.balances().get("live-2").getBalance()).isEqualByComparingTo("45.00");

        assertThat(driver.balanceAt("imported", old("2019-06-30T00:00:00Z"))
                        .orElseThrow()
                        .getBalance())
                .isEqualByComparingTo("1200.00");
        assertThat(driver.balanceAt("imported", old("2019-12-31T23:59:59Z"))
                        .orElseThrow()
                        .getVersion())
                .isEqualTo(3);
        assertThat(driver.balanceAt("imported", old("2019-02-28T00:00:00Z"))).isEmpty();
        assertThat(driver.balanceAt("live-1", NOW.plusSeconds(2)).orElseThrow().getBalance())
                .isEqualByComparingTo("101.00");

        assertThat(driver.months("imported"))
                .extracting(MonthlySnapshot::getMonth)
                .containsExactly("2019-03", "2019-07", "2020-01", "2020-02");
        assertThat(driver.months("imported").get(3).getClosingBalance()).isEqualByComparingTo("910.00");
        assertThat(driver.indexedEvents("imported"))
                .extracting(kv -> kv.key.version())
                .containsExactly(1L, 2L, 3L, 4L, 5L);

        for (final String view :
                new String[] {StoreNames.BALANCES, StoreNames.MONTHLY_SNAPSHOTS, StoreNames.EVENT_INDEX}) {
            assertThat(driver.counter(ProjectionMetrics.APPLIED, view)).as(view).isEqualTo(10);
            assertThat(driver.counter(ProjectionMetrics.DUPLICATES, view))
                    .as(view)
                    .isZero();
            assertThat(driver.counter(ProjectionMetrics.GAPS, view)).as(view).isZero();
        }
    }
}
