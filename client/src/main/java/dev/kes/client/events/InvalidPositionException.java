package dev.kes.client.events;

/** A position token that cannot be parsed; the message says what is wrong with it. */
public final class InvalidPositionException extends IllegalArgumentException {
    public InvalidPositionException(final String message) {
        super(message);
    }
}
