package dev.kes.admin.snapshots;

/** One account whose stored snapshot is not what its events say. */
public record Mismatch(Kind kind, String accountId, String detail) {
    public enum Kind {
        /** The account has events but no snapshot. */
        MISSING,
        /** A snapshot of an account without events. */
        EXTRA,
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
