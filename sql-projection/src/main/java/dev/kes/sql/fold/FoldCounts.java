package dev.kes.sql.fold;

/** What a fold did with its events: applied, or why not (see {@link BatchFold}). */
public final class FoldCounts {
    long applied;
    long duplicates;
    long gaps;
    long notOpened;
    long unknownTypes;
    long timeRegressions;

    public long applied() {
        return applied;
    }

    /** At or below the account's version: already applied. */
    public long duplicates() {
        return duplicates;
    }

    /** Applied after a version jump. */
    public long gaps() {
        return gaps;
    }

    /** Not applied: the account was not opened. */
    public long notOpened() {
        return notOpened;
    }

    /** Not applied: an event class no table takes. */
    public long unknownTypes() {
        return unknownTypes;
    }

    /** Applied in the latest month, as it occurred before it. */
    public long timeRegressions() {
        return timeRegressions;
    }

    /** Adds another fold's counts to these. */
    public void add(final FoldCounts other) {
        applied += other.applied;
        duplicates += other.duplicates;
        gaps += other.gaps;
        notOpened += other.notOpened;
        unknownTypes += other.unknownTypes;
        timeRegressions += other.timeRegressions;
    }

    @Override
    public String toString() {
        return "applied=" + applied + " duplicates=" + duplicates + " gaps=" + gaps + " notOpened=" + notOpened
                + " unknownTypes=" + unknownTypes + " timeRegressions=" + timeRegressions;
    }
}
