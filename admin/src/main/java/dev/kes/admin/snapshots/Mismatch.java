package dev.kes.admin.snapshots;

/** One account whose stored snapshot is not what its events say. */
public record Mismatch(Kind kind, String accountId, String detail) {
    public enum Kind {
        /** The account has events but no snapshot. */
        MISSING,
        /** A snapshot of an account without events, in the archive or on the topic. */
        EXTRA,
        /** A snapshot of an account whose events cannot be folded: none of them opens it (see the anomalies). */
        UNOPENED,
        /** Both exist; some fields differ. */
        DIFFERENT,
        /** The snapshot's bytes cannot be decoded. */
        UNREADABLE
    }

    @Override
    public String toString() {
        return kind + " " + accountId + ": " + detail;
    }
}
