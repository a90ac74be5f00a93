package dev.kes.projection.topology;

import static dev.kes.projection.topology.TestEvents.deposited;
import static dev.kes.projection.topology.TestEvents.interest;
import static dev.kes.projection.topology.TestEvents.opened;
import static dev.kes.projection.topology.TestEvents.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.schemas.view.MonthlySnapshot;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The monthly-snapshots read model: one entry per account and UTC month with events. */
class MonthlySnapshotsTest {
    @AutoClose
    private final ProjectionDriver driver = new ProjectionDriver();

    /** month opening closing deposits withdrawals interest count lastVersion */
    private static String row(final MonthlySnapshot s) {
        return String.join(
                " ",
                s.getMonth(),
                s.getOpeningBalance().toPlainString(),
                s.getClosingBalance().toPlainString(),
                s.getDeposits().toPlainString(),
                s.getWithdrawals().toPlainString(),
                s.getInterest().toPlainString(),
                String.valueOf(s.getEventCount()),
                String.valueOf(s.getLastVersion()));
    }

    private List<String> rows(final String id) {
        return driver.months(id).stream().map(MonthlySnapshotsTest::row).toList();
    }

    @Test
    void totalsEachUtcMonthAndOpensWithThePreviousClosing() {
        driver.pipe(opened("a", Instant.parse("2025-11-03T08:00:00Z"), "100"));
        driver.pipe(deposited("a", 2, Instant.parse("2025-11-30T23:59:59.999Z"), "50"));
        driver.pipe(withdrawn("a", 3, Instant.parse("2025-12-01T00:00:00Z"), "30"));
        driver.pipe(interest("a", 4, Instant.parse("2025-12-31T12:00:00Z"), "0.40"));
        // nothing in January and February
        driver.pipe(deposited("a", 5, Instant.parse("2026-03-10T00:00:00Z"), "9.60"));

        assertThat(rows("a"))
                .containsExactly(
                        "2025-11 0.00 150.00 150.00 0.00 0.00 2 2",
                        "2025-12 150.00 120.40 0.00 30.00 0.40 2 4",
                        "2026-03 120.40 130.00 9.60 0.00 0.00 1 5");
    }

    @Test
    void theOpeningDepositCountsAsADepositOfTheOpeningMonth() {
        driver.pipe(opened("a", Instant.parse("2026-02-01T00:00:00Z"), "12.34"));
        assertThat(rows("a")).containsExactly("2026-02 0.00 12.34 12.34 0.00 0.00 1 1");
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        driver.pipe(opened("a", Instant.parse("2026-02-01T00:00:00Z"), "10"));
        driver.pipe(deposited("a", 2, Instant.parse("2026-02-02T00:00:00Z"), "5"));
        driver.pipe(deposited("a", 2, Instant.parse("2026-02-02T00:00:00Z"), "5"));
        driver.pipe(opened("a", Instant.parse("2026-02-01T00:00:00Z"), "10"));
        assertThat(rows("a")).containsExactly("2026-02 0.00 15.00 15.00 0.00 0.00 2 2");
        assertThat(driver.counter(ProjectionMetrics.DUPLICATES, StoreNames.MONTHLY_SNAPSHOTS))
                .isEqualTo(2);
    }

    @Test
    void aGapIsCountedAndTheEventApplied() {
        driver.pipe(opened("a", Instant.parse("2026-02-01T00:00:00Z"), "10"));
        driver.pipe(deposited("a", 5, Instant.parse("2026-03-01T00:00:00Z"), "1"));
        assertThat(rows("a"))
                .containsExactly("2026-02 0.00 10.00 10.00 0.00 0.00 1 1", "2026-03 10.00 11.00 1.00 0.00 0.00 1 5");
        assertThat(driver.counter(ProjectionMetrics.GAPS, StoreNames.MONTHLY_SNAPSHOTS))
                .isEqualTo(1);
    }

    @Test
    void monthsSortChronologicallyAcrossYearsAndAccounts() {
        driver.pipe(opened("b", Instant.parse("2019-12-31T23:00:00Z"), "1"));
        driver.pipe(deposited("b", 2, Instant.parse("2020-01-01T00:00:00Z"), "1"));
        driver.pipe(deposited("b", 3, Instant.parse("2021-10-01T00:00:00Z"), "1"));
        driver.pipe(opened("b.c", Instant.parse("2020-06-01T00:00:00Z"), "1"));
        assertThat(driver.months("b"))
                .extracting(MonthlySnapshot::getMonth)
                .containsExactly("2019-12", "2020-01", "2021-10");
        assertThat(driver.monthlyHistory("b", 2020).before())
                .hasValueSatisfying(m -> assertThat(m.month()).isEqualTo("2019-12"));
        assertThat(driver.monthlyHistory("b", 2020).months())
                .extracting(m -> m.month())
                .containsExactly("2020-01");
    }
}
