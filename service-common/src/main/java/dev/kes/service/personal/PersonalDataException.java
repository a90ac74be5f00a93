package dev.kes.service.personal;

/** A key-encryption key that is missing, malformed or not the one the keys topic was written with. */
public final class PersonalDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PersonalDataException(final String message) {
        super(message);
    }

    public PersonalDataException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
