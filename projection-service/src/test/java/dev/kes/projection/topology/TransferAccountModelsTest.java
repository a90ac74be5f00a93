package dev.kes.projection.topology;

import static dev.kes.projection.topology.TestEvents.credited;
import static dev.kes.projection.topology.TestEvents.debited;
import static dev.kes.projection.topology.TestEvents.opened;
import static dev.kes.projection.topology.TestEvents.refunded;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.schemas.view.MonthlySnapshot;
import java.time.Instant;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The account read models show transfers: balances, balance as of an instant, monthly totals, the event index. */
class TransferAccountModelsTest {
    private static final Instant T0 = Instant.parse("2026-01-10T10:00:00Z");
    private static final Instant FEB = Instant.parse("2026-02-03T10:00:00Z");

    @AutoClose
    private final ProjectionDriver driver = new ProjectionDriver();

    @Test
    void aCompletedTransferMovesMoneyBetweenTheTwoAccounts() {
        driver.pipe(opened("src", T0, "100"));
        driver.pipe(opened("dst", T0, "5"));
        driver.pipe(debited("src", 2, FEB, "t1", "dst", "30", "70"));
        driver.pipe(credited("dst", 2, FEB.plusSeconds(1), "t1", "src", "30", "35"));

        assertThat(driver.balances().get("src").getBalance()).isEqualByComparingTo("70");
        assertThat(driver.balances().get("src").getVersion()).isEqualTo(2);
        assertThat(driver.balances().get("dst").getBalance()).isEqualByComparingTo("35");
        assertThat(driver.balanceAt("src", FEB.minusMillis(1)).orElseThrow().getBalance())
                .isEqualByComparingTo("100");
        assertThat(driver.balanceAt("src", FEB).orElseThrow().getBalance()).isEqualByComparingTo("70");
        assertThat(driver.balanceAt("dst", FEB).orElseThrow().getBalance()).isEqualByComparingTo("5");
        assertThat(driver.balanceAt("dst", FEB.plusSeconds(1)).orElseThrow().getBalance())
                .isEqualByComparingTo("35");

        final MonthlySnapshot srcFeb = driver.months("src").get(1);
        assertThat(srcFeb.getMonth()).isEqualTo("2026-02");
        assertThat(srcFeb.getTransfersOut()).isEqualByComparingTo("30");
        assertThat(srcFeb.getTransfersIn()).isEqualByComparingTo("0");
        assertThat(srcFeb.getOpeningBalance()).isEqualByComparingTo("100");
        assertThat(srcFeb.getClosingBalance()).isEqualByComparingTo("70");
        final MonthlySnapshot dstFeb = driver.months("dst").get(1);
        assertThat(dstFeb.getTransfersIn()).isEqualByComparingTo("30");
        assertThat(dstFeb.getTransfersOut()).isEqualByComparingTo("0");
        assertThat(dstFeb.getClosingBalance()).isEqualByComparingTo("35");
        assertThat(driver.months("src").get(0).getTransfersOut()).isEqualByComparingTo("0");

        assertThat(driver.indexedEvents("src")).hasSize(2);
        assertThat(driver.indexedEvents("dst")).hasSize(2);
    }

    @Test
    void aRefundedTransferGivesTheMoneyBackAndCountsBothWays() {
        driver.pipe(opened("src", T0, "100"));
        driver.pipe(debited("src", 2, FEB, "t1", "gone", "30", "70"));
        driver.pipe(refunded("src", 3, FEB.plusSeconds(1), "t1", "gone", "30", "no account gone", "100"));
        assertThat(driver.balances().get("src").getBalance()).isEqualByComparingTo("100");
        assertThat(driver.balances().get("src").getVersion()).isEqualTo(3);
        assertThat(driver.balanceAt("src", FEB).orElseThrow().getBalance()).isEqualByComparingTo("70");
        final MonthlySnapshot feb = driver.months("src").get(1);
        assertThat(feb.getTransfersOut()).isEqualByComparingTo("30");
        assertThat(feb.getTransfersIn()).isEqualByComparingTo("30");
        assertThat(feb.getEventCount()).isEqualTo(2);
        // a redelivered refund is not counted twice
        driver.pipe(refunded("src", 3, FEB.plusSeconds(1), "t1", "gone", "30", "no account gone", "100"));
        assertThat(driver.months("src").get(1).getTransfersIn()).isEqualByComparingTo("30");
        assertThat(driver.balances().get("src").getBalance()).isEqualByComparingTo("100");
    }
}
