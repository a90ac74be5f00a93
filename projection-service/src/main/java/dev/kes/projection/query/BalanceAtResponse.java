package dev.kes.projection.query;

/** The JSON body of {@code GET /accounts/{id}/balance?at=}: the balance and version as of {@code at}. */
public record BalanceAtResponse(String accountId, String at, String balance, long version) {}
