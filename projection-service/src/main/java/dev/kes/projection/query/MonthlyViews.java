package dev.kes.projection.query;

import dev.kes.schemas.view.MonthlySnapshot;

/** From the stored Avro snapshot of a month to its JSON form. */
public final class MonthlyViews {
    private MonthlyViews() {
    }

    public static MonthResponse toResponse(final MonthlySnapshot snapshot) {
        return new MonthResponse(snapshot.getMonth(), snapshot.getOpeningBalance().toPlainString(),
                snapshot.getClosingBalance().toPlainString(), snapshot.getDeposits().toPlainString(),
                snapshot.getWithdrawals().toPlainString(), snapshot.getInterest().toPlainString(),
                snapshot.getEventCount(), snapshot.getLastVersion());
    }
}
