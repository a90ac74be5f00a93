package dev.kes.registry;

/**
 * An answer other than success, as Confluent Schema Registry gives it: an HTTP status and a body
 * {@code {"error_code": …, "message": …}} whose error code clients branch on (40401 unknown subject, 42201 invalid
 * schema, 409 incompatible, …).
 */
public final class RegistryException extends RuntimeException {
    private final int status;
    private final int errorCode;

    public RegistryException(final int status, final int errorCode, final String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }

    static RegistryException subjectNotFound(final String subject) {
        return new RegistryException(404, 40401, "Subject '" + subject + "' not found.");
    }

    static RegistryException versionNotFound(final int version) {
        return new RegistryException(404, 40402, "Version " + version + " not found.");
    }

    static RegistryException schemaNotFound(final String what) {
        return new RegistryException(404, 40403, what + " not found.");
    }

    static RegistryException subjectLevelConfigNotFound(final String subject) {
        return new RegistryException(
                404, 40408, "Subject '" + subject + "' does not have subject-level compatibility configured");
    }

    static RegistryException invalidSchema(final String message) {
        return new RegistryException(422, 42201, "Invalid schema: " + message);
    }

    static RegistryException invalidVersion(final String version) {
        return new RegistryException(
                422,
                42202,
                "The specified version '" + version + "' is not a valid version id."
                        + " Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    static RegistryException invalidCompatibilityLevel(final String level) {
        return new RegistryException(
                422,
                42203,
                "Invalid compatibility level '" + level + "'. Valid values are " + CompatibilityLevel.names());
    }

    static RegistryException incompatible(final String subject, final String details) {
        return new RegistryException(
                409,
                409,
                "Schema being registered is incompatible with an earlier schema for" + " subject \"" + subject
                        + "\", details: " + details);
    }

    static RegistryException storeError(final String message) {
        return new RegistryException(500, 50001, "Error in the backend data store: " + message);
    }

    static RegistryException storeTimeout(final String message) {
        return new RegistryException(500, 50002, "Operation timed out: " + message);
    }
}
