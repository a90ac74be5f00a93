package dev.kes.sql.fold;

import static dev.kes.sql.Events.at;
import static dev.kes.sql.Events.closed;
import static dev.kes.sql.Events.credited;
import static dev.kes.sql.Events.debited;
import static dev.kes.sql.Events.deposited;
import static dev.kes.sql.Events.interest;
import static dev.kes.sql.Events.money;
import static dev.kes.sql.Events.opened;
import static dev.kes.sql.Events.refunded;
import static dev.kes.sql.Events.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.client.events.SubscribedEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** Events to rows, as projection-service's balances and monthly snapshots fold them. */
class BatchFoldTest {
    private static final Instant NOW = Instant.parse("2026-05-20T12:00:00Z");

    private static BigDecimal m(final String amount) {
        return money(amount);
    }

    private static Instant t(final String instant) {
        return Instant.parse(instant);
    }

    private static MonthRow month(final BatchFold fold, final String account, final String month) {
        return fold.months().stream()
                .filter(m -> m.accountId().equals(account) && m.month().equals(YearMonth.parse(month)))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void anAccountsEventsBecomeItsRowLedgerAndMonths() {
        final BatchFold fold = new BatchFold(Map.of(), Map.of())
                .applyAll(List.of(
                        at(opened("a", t("2024-01-05T10:00:00Z"), "100"), 0, 0),
                        at(deposited("a", 2, t("2024-01-20T10:00:00Z"), "50.50"), 0, 1),
                        at(withdrawn("a", 3, t("2024-03-01T00:00:00Z"), "150.50"), 0, 3),
                        at(interest("a", 4, t("2024-03-31T23:59:59Z"), "0.01"), 0, 4),
                        at(withdrawn("a", 5, t("2024-04-01T00:00:00Z"), "0.01"), 0, 5),
                        at(closed("a", 6, t("2024-04-02T00:00:00Z")), 0, 6)));

        assertThat(fold.accounts())
                .containsExactly(new AccountRow(
                        "a",
                        "Holder of a",
                        AccountRow.CLOSED,
                        Money.ZERO,
                        6,
                        t("2024-01-05T10:00:00Z"),
                        t("2024-04-02T00:00:00Z"),
                        t("2024-04-02T00:00:00Z")));
        assertThat(fold.ledger())
                .extracting(
                        LedgerRow::version,
                        LedgerRow::type,
                        r -> r.balanceAfter().toPlainString(),
                        LedgerRow::offset)
                .containsExactly(
                        Tuple.tuple(1L, "AccountOpened", "100.00", 0L),
                        Tuple.tuple(2L, "MoneyDeposited", "150.50", 1L),
                        Tuple.tuple(3L, "MoneyWithdrawn", "0.00", 3L),
                        Tuple.tuple(4L, "InterestAdded", "0.01", 4L),
                        Tuple.tuple(5L, "MoneyWithdrawn", "0.00", 5L),
                        Tuple.tuple(6L, "AccountClosed", "0.00", 6L));
        assertThat(fold.ledger().get(5).amount()).isNull();
        assertThat(fold.ledger().get(0).causationId()).isEqualTo("cmd-a-1");
        // January: the opening deposit counts as a deposit; February had no event and has no row
        assertThat(fold.months())
                .extracting(m -> m.month().toString())
                .containsExactly("2024-01", "2024-03", "2024-04");
        assertThat(month(fold, "a", "2024-01"))
                .isEqualTo(new MonthRow(
                        "a",
                        YearMonth.of(2024, 1),
                        Money.ZERO,
                        m("150.50"),
                        Money.ZERO,
                        Money.ZERO,
                        Money.ZERO,
                        Money.ZERO,
                        m("150.50"),
                        2,
                        2));
        assertThat(month(fold, "a", "2024-03"))
                .isEqualTo(new MonthRow(
                        "a",
                        YearMonth.of(2024, 3),
                        m("150.50"),
                        Money.ZERO,
                        m("150.50"),
                        m("0.01"),
                        Money.ZERO,
                        Money.ZERO,
                        m("0.01"),
                        2,
                        4));
        assertThat(month(fold, "a", "2024-04"))
                .isEqualTo(new MonthRow(
                        "a",
                        YearMonth.of(2024, 4),
                        m("0.01"),
                        Money.ZERO,
                        m("0.01"),
                        Money.ZERO,
                        Money.ZERO,
                        Money.ZERO,
                        Money.ZERO,
                        2,
                        6));
        assertThat(fold.counts().applied()).isEqualTo(6);
    }

    @Test
    void transfersMoveBalancesNameTheOtherAccountAndCountInTheirMonth() {
        final BatchFold fold = new BatchFold(Map.of(), Map.of())
                .applyAll(List.of(
                        at(opened("a", t("2024-01-05T10:00:00Z"), "100"), 0, 0),
                        at(opened("b", t("2024-01-05T10:00:00Z"), "5"), 1, 0),
                        at(debited("a", 2, t("2024-02-01T10:00:00Z"), "t1", "b", "30"), 0, 1),
                        at(credited("b", 2, t("2024-02-01T10:00:01Z"), "t1", "a", "30"), 1, 1),
                        at(debited("a", 3, t("2024-02-02T10:00:00Z"), "t2", "gone", "20"), 0, 2),
                        at(refunded("a", 4, t("2024-02-02T10:00:01Z"), "t2", "gone", "20", "no account gone"), 0, 3)));

        assertThat(fold.accounts())
                .extracting(AccountRow::id, r -> r.balance().toPlainString(), AccountRow::version)
                .containsExactly(Tuple.tuple("a", "70.00", 4L), Tuple.tuple("b", "35.00", 2L));
        assertThat(fold.ledger())
                .filteredOn(r -> r.transferId() != null)
                .extracting(
                        LedgerRow::accountId,
                        LedgerRow::type,
                        r -> r.amount().toPlainString(),
                        r -> r.balanceAfter().toPlainString(),
                        LedgerRow::transferId,
                        LedgerRow::counterparty,
                        LedgerRow::description)
                .containsExactly(
                        Tuple.tuple("a", "TransferDebited", "30.00", "70.00", "t1", "b", "rent"),
                        Tuple.tuple("b", "TransferCredited", "30.00", "35.00", "t1", "a", "rent"),
                        Tuple.tuple("a", "TransferDebited", "20.00", "50.00", "t2", "gone", "rent"),
                        Tuple.tuple("a", "TransferRefunded", "20.00", "70.00", "t2", "gone", "no account gone"));
        assertThat(fold.ledger().get(0).transferId()).isNull();
        assertThat(month(fold, "a", "2024-02"))
                .isEqualTo(new MonthRow(
                        "a",
                        YearMonth.of(2024, 2),
                        m("100.00"),
                        Money.ZERO,
                        Money.ZERO,
                        Money.ZERO,
                        m("20.00"),
                        m("50.00"),
                        m("70.00"),
                        3,
                        4));
        assertThat(month(fold, "b", "2024-02"))
                .isEqualTo(new MonthRow(
                        "b",
                        YearMonth.of(2024, 2),
                        m("5.00"),
                        Money.ZERO,
                        Money.ZERO,
                        Money.ZERO,
                        m("30.00"),
                        Money.ZERO,
                        m("35.00"),
                        1,
                        2));
        assertThat(fold.counts().unknownTypes()).isZero();
    }

    @Test
    void aBackdatedImportLandsInItsOwnMonthsAndChainsTheirOpenings() {
        // current traffic of one account, then an import of another's history from years ago, interleaved
        final BatchFold fold = new BatchFold(Map.of(), Map.of())
                .applyAll(List.of(
                        at(opened("live", NOW, "100"), 0, 0),
                        at(opened("imported", t("2019-03-01T09:00:00Z"), "1000"), 0, 1),
                        at(deposited("live", 2, NOW.plusSeconds(1), "1"), 0, 2),
                        at(deposited("imported", 2, t("2019-03-15T09:00:00Z"), "200"), 0, 3),
                        at(withdrawn("imported", 3, t("2019-07-01T09:00:00Z"), "300"), 0, 4),
                        at(interest("imported", 4, t("2020-01-01T00:00:00Z"), "9.90"), 0, 5),
                        at(deposited("imported", 5, t("2020-02-29T23:59:59Z"), "0.10"), 0, 6)));

        assertThat(fold.months().stream().filter(m -> m.accountId().equals("imported")))
                .extracting(
                        m -> m.month().toString(),
                        m -> m.opening().toPlainString(),
                        m -> m.closing().toPlainString())
                .containsExactly(
                        Tuple.tuple("2019-03", "0.00", "1200.00"),
                        Tuple.tuple("2019-07", "1200.00", "900.00"),
                        Tuple.tuple("2020-01", "900.00", "909.90"),
                        Tuple.tuple("2020-02", "909.90", "910.00"));
        assertThat(month(fold, "live", "2026-05").closing()).isEqualByComparingTo("101.00");
    }

    @Test
    void aLaterBatchContinuesFromTheStoredRowsAndShiftsTheNextMonthsOpening() {
        final BatchFold first = new BatchFold(Map.of(), Map.of())
                .applyAll(List.of(
                        at(opened("a", t("2021-01-10T00:00:00Z"), "10"), 0, 0),
                        at(deposited("a", 2, t("2021-01-11T00:00:00Z"), "5"), 0, 1)));
        final AccountRow stored = first.accounts().iterator().next();
        final MonthRow january = first.months().iterator().next();

        final BatchFold second = new BatchFold(Map.of("a", stored), Map.of("a", january))
                .applyAll(List.of(
                        at(deposited("a", 3, t("2021-01-31T23:00:00Z"), "1"), 0, 2),
                        at(withdrawn("a", 4, t("2021-05-01T00:00:00Z"), "2"), 0, 3)));

        // the late-January deposit updates January (closing 16.00), and May opens with it
        assertThat(month(second, "a", "2021-01"))
                .extracting(m -> m.closing().toPlainString(), MonthRow::eventCount)
                .containsExactly("16.00", 3L);
        assertThat(month(second, "a", "2021-05"))
                .extracting(m -> m.opening().toPlainString(), m -> m.closing().toPlainString())
                .containsExactly("16.00", "14.00");
        assertThat(second.accounts()).extracting(AccountRow::version).containsExactly(4L);
    }

    @Test
    void duplicatesAndEventsOfUnopenedAccountsChangeNothingAndAGapIsApplied() {
        final BatchFold fold = new BatchFold(Map.of(), Map.of())
                .applyAll(List.of(
                        at(deposited("ghost", 2, NOW, "5"), 0, 0),
                        at(opened("a", NOW, "10"), 0, 1),
                        at(opened("a", NOW, "10"), 0, 2),
                        at(deposited("a", 4, NOW, "1"), 0, 3)));

        assertThat(fold.counts().notOpened()).isEqualTo(1);
        assertThat(fold.counts().duplicates()).isEqualTo(1);
        assertThat(fold.counts().gaps()).isEqualTo(1);
        assertThat(fold.counts().applied()).isEqualTo(2);
        assertThat(fold.ledger())
                .extracting(LedgerRow::accountId, LedgerRow::version)
                .containsExactly(Tuple.tuple("a", 1L), Tuple.tuple("a", 4L));
        assertThat(fold.accounts())
                .extracting(AccountRow::id, r -> r.balance().toPlainString())
                .containsExactly(Tuple.tuple("a", "11.00"));
    }

    @Test
    void anEventEarlierThanTheLatestMonthIsCountedInThatMonthAsProjectionServiceDoes() {
        final List<SubscribedEvent> events = List.of(
                at(opened("a", t("2024-05-01T00:00:00Z"), "10"), 0, 0),
                at(deposited("a", 2, t("2024-03-01T00:00:00Z"), "1"), 0, 1));
        final BatchFold fold = new BatchFold(Map.of(), Map.of()).applyAll(events);

        assertThat(fold.months())
                .extracting(m -> m.month().toString(), MonthRow::eventCount)
                .containsExactly(Tuple.tuple("2024-05", 2L));
        assertThat(fold.counts().timeRegressions()).isEqualTo(1);
    }
}
