package dev.kes.projection.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MonthlyStatementTest {
    private static final YearMonth NOW = YearMonth.of(2026, 5);

    private static MonthResponse stored(
            final String month, final String opening, final String closing, final long count, final long lastVersion) {
        return new MonthResponse(month, opening, closing, "1.00", "2.00", "3.00", "4.00", "5.00", count, lastVersion);
    }

    private static List<String> rows(final Optional<List<MonthResponse>> months) {
        return months.orElseThrow().stream()
                .map(m -> String.join(
                        " ",
                        m.month(),
                        m.openingBalance(),
                        m.closingBalance(),
                        m.deposits(),
                        String.valueOf(m.eventCount()),
                        String.valueOf(m.lastVersion())))
                .toList();
    }

    @Test
    void startsInTheOpeningMonthAndCarriesTheBalanceThroughQuietMonths() {
        final MonthlyHistory history = new MonthlyHistory(
                Optional.empty(),
                List.of(stored("2025-10", "0.00", "10.00", 2, 2), stored("2025-12", "10.00", "7.00", 1, 3)));
        assertThat(rows(MonthlyStatement.months(2025, history, NOW)))
                .containsExactly(
                        "2025-10 0.00 10.00 1.00 2 2", "2025-11 10.00 10.00 0.00 0 2", "2025-12 10.00 7.00 1.00 1 3");
    }

    @Test
    void aLaterYearStartsInJanuaryWithTheLastClosingBefore() {
        final MonthlyHistory history = new MonthlyHistory(
                Optional.of(stored("2024-06", "0.00", "5.00", 1, 1)), List.of(stored("2025-03", "5.00", "6.00", 1, 2)));
        final List<String> rows = rows(MonthlyStatement.months(2025, history, NOW));
        assertThat(rows).hasSize(12);
        assertThat(rows.get(0)).isEqualTo("2025-01 5.00 5.00 0.00 0 1");
        assertThat(rows.get(2)).isEqualTo("2025-03 5.00 6.00 1.00 1 2");
        assertThat(rows.get(11)).isEqualTo("2025-12 6.00 6.00 0.00 0 2");
    }

    @Test
    void theCurrentYearEndsWithTheCurrentMonth() {
        final MonthlyHistory history =
                new MonthlyHistory(Optional.of(stored("2025-12", "0.00", "5.00", 1, 1)), List.of());
        assertThat(rows(MonthlyStatement.months(2026, history, NOW)))
                .containsExactly(
                        "2026-01 5.00 5.00 0.00 0 1",
                        "2026-02 5.00 5.00 0.00 0 1",
                        "2026-03 5.00 5.00 0.00 0 1",
                        "2026-04 5.00 5.00 0.00 0 1",
                        "2026-05 5.00 5.00 0.00 0 1");
    }

    @Test
    void aMonthStoredAheadOfOurClockIsStillShown() {
        final MonthlyHistory history = new MonthlyHistory(
                Optional.empty(),
                List.of(stored("2026-05", "0.00", "5.00", 1, 1), stored("2026-06", "5.00", "6.00", 1, 2)));
        assertThat(rows(MonthlyStatement.months(2026, history, NOW)))
                .extracting(r -> r.substring(0, 7))
                .containsExactly("2026-05", "2026-06");
    }

    @Test
    void aQuietMonthMovedNoMoney() {
        final MonthlyHistory history = new MonthlyHistory(
                Optional.empty(),
                List.of(stored("2025-10", "0.00", "10.00", 2, 2), stored("2025-12", "10.00", "7.00", 1, 3)));
        final MonthResponse quiet =
                MonthlyStatement.months(2025, history, NOW).orElseThrow().get(1);
        assertThat(quiet)
                .isEqualTo(
                        new MonthResponse("2025-11", "10.00", "10.00", "0.00", "0.00", "0.00", "0.00", "0.00", 0, 2));
    }

    @Test
    void nothingBeforeTheAccountOpened() {
        assertThat(MonthlyStatement.months(2024, new MonthlyHistory(Optional.empty(), List.of()), NOW))
                .isEmpty();
    }
}
