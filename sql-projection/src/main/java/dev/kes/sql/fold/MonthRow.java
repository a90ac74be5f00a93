package dev.kes.sql.fold;

import java.math.BigDecimal;
import java.time.YearMonth;

/** A row of {@code monthly_statements}: one account's UTC month with events. */
public record MonthRow(
        String accountId,
        YearMonth month,
        BigDecimal opening,
        BigDecimal deposits,
        BigDecimal withdrawals,
        BigDecimal interest,
        BigDecimal transfersIn,
        BigDecimal transfersOut,
        BigDecimal closing,
        long eventCount,
        long lastVersion) {

    /** A month before its first event: opening and closing at {@code balance}, nothing moved. */
    static MonthRow empty(final String accountId, final YearMonth month, final BigDecimal balance) {
        return new MonthRow(
                accountId, month, balance, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO, balance, 0, 0);
    }
}
