package dev.kes.domain;

/** Why a command was refused; nothing is written for a rejected command. */
public record Rejection(Reason reason, String message, long currentVersion) {

    public enum Reason {
        /** The expected version did not match the current one. */
        CONFLICT,
        NOT_FOUND,
        ALREADY_EXISTS,
        ACCOUNT_CLOSED,
        INSUFFICIENT_FUNDS,
        NON_ZERO_BALANCE,
        /** The command itself is malformed: bad amount, blank holder, occurredAt out of range. */
        INVALID_COMMAND
    }
}
