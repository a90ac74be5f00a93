package dev.kes.schemas.serde;

/**
 * The bytes are not a readable record: no bytes, a bad header, a truncated or garbled body,
 * trailing bytes, or a record of another type than the caller asked for.
 *
 * <p>Why it exists: decoding must never leak Avro's internal failures (AvroRuntimeException,
 * EOFException, index errors from garbage union or enum indexes ...) to callers; they all mean
 * "these bytes are broken" and are reported as this one unchecked exception, with the cause
 * attached. Unlike {@link UnknownSchemaException} this is not expected in normal operation.
 */
public final class MalformedRecordException extends RuntimeException {

    public MalformedRecordException(String message) {
        super(message);
    }

    public MalformedRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
