package dev.kes.schemas.serde;

import java.util.OptionalInt;

/**
 * The bytes name a writer schema (by fingerprint, or by schema-registry id) that this build cannot read.
 *
 * <p>Why a separate exception: this is not corruption but a record from a newer producer (a new
 * event type, or a version published after this build), of a retired type, or in registry framing with an id
 * the registry does not know. A consumer is expected to skip such a record and count it, not to fail on it; the
 * command service dead-letters it with the reason.
 */
public final class UnknownSchemaException extends RuntimeException {

    private final long fingerprint;
    private final int schemaId;

    public UnknownSchemaException(long fingerprint, String message) {
        this(fingerprint, -1, message);
    }

    private UnknownSchemaException(long fingerprint, int schemaId, String message) {
        super(message);
        this.fingerprint = fingerprint;
        this.schemaId = schemaId;
    }

    /** For a record in registry framing whose schema id cannot be read (unknown, or no registry configured). */
    public static UnknownSchemaException forSchemaId(int schemaId, String message) {
        return new UnknownSchemaException(0L, schemaId, message);
    }

    /** The CRC-64-AVRO fingerprint found in the header; 0 when the record named a registry schema id instead. */
    public long fingerprint() {
        return fingerprint;
    }

    /** The schema-registry id the record named, if it was in registry framing. */
    public OptionalInt schemaId() {
        return schemaId < 0 ? OptionalInt.empty() : OptionalInt.of(schemaId);
    }

    /** The fingerprint as the 16 hex digits used in messages. */
    public static String hex(long fingerprint) {
        return String.format("%016x", fingerprint);
    }
}
