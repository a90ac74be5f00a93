package dev.kes.projection.query;

/** The JSON body of {@code GET /accounts/{id}}; money as a string so that no client rounds it. */
public record AccountResponse(
        String accountId,
        String holder,
        String balance,
        long version,
        String status,
        String openedAt,
        String updatedAt) {}
