package dev.kes.admin;

/** An operation failed (Kafka unreachable, a topic missing, a write refused …); the message says what and why. */
public class AdminException extends RuntimeException {
    public AdminException(final String message) {
        super(message);
    }

    public AdminException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
