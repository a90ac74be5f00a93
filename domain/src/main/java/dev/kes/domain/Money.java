package dev.kes.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/** Exact decimal money with two fraction digits. Never float or double: 0.1 + 0.2 must be 0.30. */
public final class Money {
    public static final int SCALE = 2;
    /** Fits the Avro decimal(18,2) the events are written with. */
    public static final BigDecimal MAX = new BigDecimal("9999999999999999.99");

    public static final BigDecimal ZERO = BigDecimal.ZERO.setScale(SCALE);

    private Money() {}

    /**
     * Why {@code amount} is not a valid amount of money (missing, negative, zero where that is not allowed, more than
     * two decimals, beyond {@link #MAX}); empty when it is one.
     */
    public static Optional<String> problem(final BigDecimal amount, final boolean zeroAllowed) {
        if (amount == null) {
            return Optional.of("amount is required");
        }
        if (amount.signum() < 0 || (!zeroAllowed && amount.signum() == 0)) {
            return Optional.of(zeroAllowed ? "amount must not be negative" : "amount must be greater than zero");
        }
        if (amount.stripTrailingZeros().scale() > SCALE) {
            return Optional.of("amount must have at most 2 decimal places");
        }
        if (amount.compareTo(MAX) > 0) {
            return Optional.of("amount must not exceed " + MAX.toPlainString());
        }
        return Optional.empty();
    }

    /** Normalises an already validated amount to scale 2 (10.5 becomes 10.50). */
    public static BigDecimal of(final BigDecimal amount) {
        return amount.setScale(SCALE, RoundingMode.UNNECESSARY);
    }

    public static BigDecimal of(final String amount) {
        return of(new BigDecimal(amount));
    }
}
