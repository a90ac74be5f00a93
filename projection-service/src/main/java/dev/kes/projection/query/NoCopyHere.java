package dev.kes.projection.query;

/**
 * A read of {@link AccountQueries} found no copy of the account's partition it could query on this instance: IQv2
 * reported the partition NOT_PRESENT (no local task, or one not initialised yet) or failed on it, or Kafka Streams
 * was not queryable. The read that would answer is also the check for a local copy, so that a request queries the
 * stores once; the HTTP routing catches this and asks another copy, or answers 503 itself.
 *
 * <p>Without a stack trace: it steers a request, it reports no bug.
 */
public final class NoCopyHere extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NoCopyHere(final String detail) {
        super(detail, null, false, false);
    }
}
