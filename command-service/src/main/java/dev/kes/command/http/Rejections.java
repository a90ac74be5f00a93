package dev.kes.command.http;

import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.result.Rejection;
import dev.kes.service.http.Problem;

/** A rejected command as the HTTP status and problem type of the contract. */
final class Rejections {
    private Rejections() {}

    static Problem problem(final CommandResult result) {
        final Rejection rejection = result.getRejection();
        final String detail = rejection.getMessage();
        final Problem problem = switch (rejection.getCode()) {
            case CONFLICT -> Problem.of(409, "version-conflict", "Version conflict", detail);
            case ALREADY_EXISTS -> Problem.of(409, "account-exists", "Account already exists", detail);
            case NOT_FOUND -> Problem.of(404, "account-not-found", "Account not found", detail);
            case ACCOUNT_CLOSED -> Problem.of(422, "account-closed", "Account is closed", detail);
            case INSUFFICIENT_FUNDS -> Problem.of(422, "insufficient-funds", "Insufficient funds", detail);
            case NON_ZERO_BALANCE -> Problem.of(422, "non-zero-balance", "Balance is not zero", detail);
            case INVALID_COMMAND -> Problem.badRequest(detail);
            case IDEMPOTENCY_KEY_REUSED ->
                Problem.of(422, "idempotency-key-reused", "Idempotency-Key already used for another request", detail);
        };
        final Problem withVersion = rejection.getCurrentVersion() == null
                ? problem
                : problem.with("currentVersion", rejection.getCurrentVersion());
        return withVersion.with("commandId", result.getCommandId());
    }
}
