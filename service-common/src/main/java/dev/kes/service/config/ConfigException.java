package dev.kes.service.config;

/** A configuration value is missing or malformed: the service refuses to start and says which key. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(final String message) {
        super(message);
    }
}
