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
        long lastVersion) {}
