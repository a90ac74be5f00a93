package dev.kes.projection.topology;

import static dev.kes.projection.topology.TestEvents.closed;
import static dev.kes.projection.topology.TestEvents.deposited;
import static dev.kes.projection.topology.TestEvents.interest;
import static dev.kes.projection.topology.TestEvents.opened;
import static dev.kes.projection.topology.TestEvents.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.schemas.view.BalanceHistoryEntry;
import java.time.Instant;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The balance history, kept in the event index: the balance and version of an account as of any instant.
 */
class BalanceHistoryTest {
    private static final Instant JAN = Instant.parse("2024-01-15T10:00:00Z");
    private static final Instant FEB = Instant.parse("2024-02-15T10:00:00Z");
    private static final Instant MAR = Instant.parse("2024-03-15T10:00:00Z");

    @AutoClose
    private final ProjectionDriver driver = new ProjectionDriver();

    private String balanceAt(final String id, final Instant at) {
        return driver.balanceAt(id, at)
                .map(e -> e.getBalance().toPlainString() + "@v" + e.getVersion())
                .orElse("none");
    }

    @Test
    void answersAsOfAnyInstant() {
        driver.pipe(opened("a", JAN, "100"));
        driver.pipe(deposited("a", 2, FEB, "25.50"));
        driver.pipe(withdrawn("a", 3, MAR, "20"));
        driver.pipe(interest("a", 4, MAR.plusSeconds(60), "0.07"));

        assertThat(balanceAt("a", JAN.minusMillis(1))).isEqualTo("none");
        assertThat(balanceAt("a", JAN)).isEqualTo("100.00@v1");
        assertThat(balanceAt("a", FEB.minusMillis(1))).isEqualTo("100.00@v1");
        assertThat(balanceAt("a", FEB)).isEqualTo("125.50@v2");
        assertThat(balanceAt("a", MAR.plusSeconds(59))).isEqualTo("105.50@v3");
        assertThat(balanceAt("a", Instant.parse("2099-01-01T00:00:00Z"))).isEqualTo("105.57@v4");
    }

    @Test
    void eventsAtTheSameInstantAnswerWithTheLastOfThem() {
        driver.pipe(opened("a", JAN, "0"));
        driver.pipe(deposited("a", 2, JAN, "5"));
        driver.pipe(withdrawn("a", 3, JAN, "5"));
        driver.pipe(closed("a", 4, JAN));
        assertThat(balanceAt("a", JAN)).isEqualTo("0.00@v4");
        assertThat(driver.history("a")).extracting(kv -> kv.key.version()).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void accountsWhoseIdsPrefixEachOtherStayApart() {
        driver.pipe(opened("a", FEB, "1"));
        driver.pipe(opened("a.b", JAN, "2"));
        driver.pipe(opened("a0", JAN, "3"));
        assertThat(balanceAt("a", JAN)).isEqualTo("none");
        assertThat(balanceAt("a.b", FEB)).isEqualTo("2.00@v1");
        assertThat(driver.history("a")).hasSize(1);
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        driver.pipe(opened("a", JAN, "100"));
        driver.pipe(deposited("a", 2, FEB, "1"));
        driver.pipe(opened("a", JAN, "100"));
        driver.pipe(deposited("a", 2, FEB, "1"));
        assertThat(driver.history("a"))
                .extracting(kv -> kv.value.getBalance().toPlainString())
                .containsExactly("100.00", "101.00");
        assertThat(driver.counter(ProjectionMetrics.DUPLICATES, StoreNames.EVENT_INDEX))
                .isEqualTo(2);
        assertThat(driver.counter(ProjectionMetrics.APPLIED, StoreNames.EVENT_INDEX))
                .isEqualTo(2);
    }

    @Test
    void aGapIsCountedAndTheEventApplied() {
        driver.pipe(opened("a", JAN, "100"));
        driver.pipe(deposited("a", 3, FEB, "1"));
        assertThat(balanceAt("a", FEB)).isEqualTo("101.00@v3");
        assertThat(driver.counter(ProjectionMetrics.GAPS, StoreNames.EVENT_INDEX))
                .isEqualTo(1);
    }

    @Test
    void anEventEarlierThanItsPredecessorIsFiledAtThePredecessorsInstant() {
        driver.pipe(opened("a", FEB, "100"));
        driver.pipe(deposited("a", 2, JAN, "1"));
        final BalanceHistoryEntry latest = driver.balanceAt("a", FEB).orElseThrow();
        assertThat(latest.getVersion()).isEqualTo(2);
        assertThat(latest.getOccurredAt()).isEqualTo(FEB);
        assertThat(balanceAt("a", JAN)).isEqualTo("none");
        assertThat(driver.counter(ProjectionMetrics.TIME_REGRESSIONS, StoreNames.EVENT_INDEX))
                .isEqualTo(1);
    }
}
