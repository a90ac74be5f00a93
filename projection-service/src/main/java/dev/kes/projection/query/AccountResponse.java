package dev.kes.projection.query;

/**
 * The JSON body of {@code GET /accounts/{id}}; money as a string so that no client rounds it. The holder is revealed
 * here only: null once {@code personalDataErased}.
 */
public record AccountResponse(
        String accountId,
        String holder,
        String balance,
        long version,
        String status,
        String openedAt,
        String updatedAt,
        boolean personalDataErased) {}
