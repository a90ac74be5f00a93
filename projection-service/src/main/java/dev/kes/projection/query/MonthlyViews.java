package dev.kes.projection.query;

import dev.kes.domain.Money;
import dev.kes.schemas.view.MonthlySnapshot;
import java.math.BigDecimal;

/** From the stored Avro snapshot of a month to its JSON form. */
public final class MonthlyViews {
    private MonthlyViews() {}

    public static MonthResponse toResponse(final MonthlySnapshot snapshot) {
        return new MonthResponse(
                snapshot.getMonth(),
                snapshot.getOpeningBalance().toPlainString(),
                snapshot.getClosingBalance().toPlainString(),
                snapshot.getDeposits().toPlainString(),
                snapshot.getWithdrawals().toPlainString(),
                snapshot.getInterest().toPlainString(),
                orZero(snapshot.getTransfersIn()),
                orZero(snapshot.getTransfersOut()),
                snapshot.getEventCount(),
                snapshot.getLastVersion());
    }

    /** Snapshots stored before transfers existed (MonthlySnapshot v1) have none: 0.00. */
    private static String orZero(final BigDecimal amount) {
        return (amount == null ? Money.ZERO : amount).toPlainString();
    }
}
