package dev.kes.projection.http;

import dev.kes.service.http.Problem;
import dev.kes.service.http.ProblemException;

/** The 404 problems of the query API; {@code type} tells an unknown account from one that did not exist yet. */
final class NotFound {
    private NotFound() {}

    static ProblemException account(final String accountId) {
        return Problem.of(404, "account-not-found", "Account not found", "no account " + accountId)
                .exception();
    }

    static ProblemException transfer(final String transferId) {
        return Problem.of(404, "transfer-not-found", "Transfer not found", "no transfer " + transferId)
                .exception();
    }

    static ProblemException notOpenAt(final String accountId, final String at) {
        return Problem.of(
                        404,
                        "not-open-at-instant",
                        "Account not open at that instant",
                        "account " + accountId + " was opened after " + at)
                .exception();
    }

    static ProblemException notOpenIn(final String accountId, final int year) {
        return Problem.of(
                        404,
                        "not-open-in-year",
                        "Account not open in that year",
                        "account " + accountId + " was opened after " + year)
                .exception();
    }
}
