package dev.kes.sql.fold;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A row of {@code ledger}: one applied event, with the balance after it and where it was read; a transfer event's
 * also names the transfer and the other account.
 */
public record LedgerRow(
        String accountId,
        long version,
        String eventId,
        String type,
        BigDecimal amount,
        BigDecimal balanceAfter,
        String description,
        Instant occurredAt,
        String causationId,
        int partition,
        long offset,
        String transferId,
        String counterparty) {}
