package dev.kes.projection.query;

/**
 * One month of {@code GET /accounts/{id}/monthly-snapshots}; money as strings. {@code lastVersion} is the account's
 * version at the end of the month (carried over from an earlier month when this one had no events).
 */
public record MonthResponse(String month, String openingBalance, String closingBalance, String deposits,
                            String withdrawals, String interest, long eventCount, long lastVersion) {
}
