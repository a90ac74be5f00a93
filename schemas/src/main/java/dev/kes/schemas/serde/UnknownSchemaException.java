package dev.kes.schemas.serde;

/**
 * The bytes name a writer schema (by fingerprint) that this build cannot read.
 *
 * <p>Why a separate exception: this is not corruption but a record from a newer producer (a new
 * event type, or a version published after this build) or of a retired type. A consumer is
 * expected to skip such a record and count it, not to fail or dead-letter it the way it treats
 * a {@link MalformedRecordException}.
 */
public final class UnknownSchemaException extends RuntimeException {

  private final long fingerprint;

  public UnknownSchemaException(long fingerprint, String message) {
    super(message);
    this.fingerprint = fingerprint;
  }

  /** The CRC-64-AVRO fingerprint found in the header. */
  public long fingerprint() {
    return fingerprint;
  }

  /** The fingerprint as the 16 hex digits used in messages. */
  public static String hex(long fingerprint) {
    return String.format("%016x", fingerprint);
  }
}
