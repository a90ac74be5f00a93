package dev.kes.projection.query;

/**
 * One month of {@code GET /accounts/{id}/monthly-snapshots}; money as strings. {@code transfersIn} counts transfers
 * credited to the account and refunds of its own, {@code transfersOut} its debited transfers. {@code lastVersion} is
 * the account's version at the end of the month (carried over from an earlier month when this one had no events).
 */
public record MonthResponse(
        String month,
        String openingBalance,
        String closingBalance,
        String deposits,
        String withdrawals,
        String interest,
        String transfersIn,
        String transfersOut,
        long eventCount,
        long lastVersion) {}
