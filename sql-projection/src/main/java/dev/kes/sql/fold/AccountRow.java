package dev.kes.sql.fold;

import java.math.BigDecimal;
import java.time.Instant;

/** A row of {@code accounts}: the account after its latest applied event. */
public record AccountRow(
        String id,
        String holder,
        String status,
        BigDecimal balance,
        long version,
        Instant openedAt,
        Instant updatedAt,
        Instant closedAt) {
    public static final String OPEN = "OPEN";
    public static final String CLOSED = "CLOSED";
}
