package dev.kes.projection.query;

import dev.kes.domain.Money;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A year of monthly snapshots as the API shows it: every month from the account's opening month (or January if it
 * opened earlier) to December, or to {@code now}'s month in the current year. A month without events carries the
 * previous closing balance (opening = closing, zero totals, lastVersion unchanged).
 */
public final class MonthlyStatement {
    private static final String ZERO = Money.ZERO.toPlainString();

    private MonthlyStatement() {}

    /** Empty when the account had not opened by the end of the year (or has no snapshots at all). */
    public static Optional<List<MonthResponse>> months(
            final int year, final MonthlyHistory history, final YearMonth now) {
        if (history.before().isEmpty() && history.months().isEmpty()) {
            return Optional.empty();
        }
        final Map<YearMonth, MonthResponse> stored = new HashMap<>();
        history.months().forEach(month -> stored.put(YearMonth.parse(month.month()), month));
        final YearMonth first = history.before().isPresent()
                ? YearMonth.of(year, 1)
                : YearMonth.parse(history.months().get(0).month());
        final YearMonth last = lastMonth(year, history, now);
        final List<MonthResponse> months = new ArrayList<>();
        MonthResponse previous = history.before().orElse(null);
        for (YearMonth month = first; !month.isAfter(last); month = month.plusMonths(1)) {
            final MonthResponse current = stored.containsKey(month) ? stored.get(month) : carried(month, previous);
            months.add(current);
            previous = current;
        }
        return Optional.of(months);
    }

    /** December, or in the current year this month (later if a clock ahead of ours already wrote a later month). */
    private static YearMonth lastMonth(final int year, final MonthlyHistory history, final YearMonth now) {
        YearMonth last = year < now.getYear() ? YearMonth.of(year, 12) : now;
        for (final MonthResponse month : history.months()) {
            final YearMonth stored = YearMonth.parse(month.month());
            if (stored.isAfter(last)) {
                last = stored;
            }
        }
        return last;
    }

    private static MonthResponse carried(final YearMonth month, final MonthResponse previous) {
        return new MonthResponse(
                month.toString(),
                previous.closingBalance(),
                previous.closingBalance(),
                ZERO,
                ZERO,
                ZERO,
                ZERO,
                ZERO,
                0,
                previous.lastVersion());
    }
}
