package dev.kes.sql.fold;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Money at scale 2, as the events carry it (Avro decimal(18,2)) and the tables store it (numeric(18,2)). */
final class Money {
    static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);

    private Money() {}

    static BigDecimal of(final BigDecimal amount) {
        return amount.setScale(2, RoundingMode.UNNECESSARY);
    }
}
