package dev.kes.projection.query;

import java.util.List;
import java.util.Optional;

/**
 * What the monthly-snapshots store holds for one account and year: the months of the year that had events, in
 * order, and the last month with events before the year (the balance the year opens with).
 */
public record MonthlyHistory(Optional<MonthResponse> before, List<MonthResponse> months) {
    public MonthlyHistory {
        months = List.copyOf(months);
    }
}
