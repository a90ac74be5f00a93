package dev.kes.domain;

/**
 * The optimistic-concurrency expectation a command carries, as in mature event stores.
 * Versions start at 1, so "no stream" is the same as "exactly version 0".
 */
public record ExpectedVersion(Kind kind, long version) {
    public enum Kind {
        ANY,
        NO_STREAM,
        EXACT
    }

    private static final ExpectedVersion ANY = new ExpectedVersion(Kind.ANY, -1);
    private static final ExpectedVersion NO_STREAM = new ExpectedVersion(Kind.NO_STREAM, 0);

    public ExpectedVersion {
        if (kind == Kind.EXACT && version < 1) {
            throw new IllegalArgumentException("an exact expected version is at least 1, got " + version);
        }
    }

    public static ExpectedVersion any() {
        return ANY;
    }

    public static ExpectedVersion noStream() {
        return NO_STREAM;
    }

    public static ExpectedVersion exactly(final long version) {
        return version == 0 ? NO_STREAM : new ExpectedVersion(Kind.EXACT, version);
    }

    /** The wire form: null = any, 0 = no stream, n = exactly n. */
    public static ExpectedVersion fromWire(final Long version) {
        if (version == null) {
            return ANY;
        }
        if (version < 0) {
            throw new IllegalArgumentException("expected version must be 0 or more, got " + version);
        }
        return exactly(version);
    }

    public Long toWire() {
        return kind == Kind.ANY ? null : version;
    }

    public boolean matches(final long currentVersion) {
        return kind == Kind.ANY || version == currentVersion;
    }

    @Override
    public String toString() {
        return kind == Kind.EXACT ? "EXACT " + version : kind.name();
    }
}
