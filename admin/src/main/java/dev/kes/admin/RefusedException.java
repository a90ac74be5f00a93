package dev.kes.admin;

/**
 * An operation was refused before it changed anything, because it would not be safe now (the application is
 * running, the target is not what the operation is meant for …). The message says what to do instead.
 */
public final class RefusedException extends AdminException {
    public RefusedException(final String message) {
        super(message);
    }
}
