package dev.kes.domain;

public enum AccountStatus {
    /** No event yet: the state every account id starts in. */
    NOT_OPENED,
    OPEN,
    CLOSED
}
