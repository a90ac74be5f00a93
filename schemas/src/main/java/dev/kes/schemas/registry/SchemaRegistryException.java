package dev.kes.schemas.registry;

/**
 * The schema registry could not be reached, or answered with an error: a configuration or availability
 * problem, not bad data. The message names the registry's URL, so that a service failing at start says which
 * registry it could not use.
 */
public final class SchemaRegistryException extends RuntimeException {

    private final String url;

    public SchemaRegistryException(String url, String message, Throwable cause) {
        super("schema registry " + url + ": " + message, cause);
        this.url = url;
    }

    public SchemaRegistryException(String url, String message) {
        this(url, message, null);
    }

    /** The URL (or location) of the registry that failed. */
    public String url() {
        return url;
    }
}
