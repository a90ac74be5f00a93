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
        return notOpen("not-open-at-instant", "Account not open at that instant", accountId, at);
    }

    static ProblemException notOpenIn(final String accountId, final int year) {
        return notOpen("not-open-in-year", "Account not open in that year", accountId, year);
    }

    private static ProblemException notOpen(
            final String type, final String title, final String accountId, final Object when) {
        return Problem.of(404, type, title, "account " + accountId + " was opened after " + when)
                .exception();
    }
}
