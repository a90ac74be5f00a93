package dev.kes.projection.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The JSON body of {@code GET /accounts}: a page of accounts in accountId order; {@code next} (the {@code after} of
 * the next page) only when there are more.
 */
public record AccountsResponse(
        List<AccountResponse> accounts,
        @JsonInclude(JsonInclude.Include.NON_NULL) String next) {
    public AccountsResponse {
        accounts = List.copyOf(accounts);
    }
}
