package dev.kes.bench;

import dev.kes.admin.events.EventStoreReader;
import dev.kes.admin.events.ReadSummary;
import dev.kes.admin.snapshots.AccountFold;
import dev.kes.admin.snapshots.ChangelogContents;
import dev.kes.admin.snapshots.SnapshotRebuild;
import dev.kes.domain.Account;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Recovery without snapshots, on es-admin's own code: every event read from the beginning of account-events,
 * decoded, upcast and folded through the domain's evolve ({@link EventStoreReader} + {@link AccountFold}, what
 * {@code es-admin verify-snapshots} and {@code rebuild-snapshots} run) into memory; then, as
 * {@code rebuild-snapshots} does, the folded accounts written to an empty snapshot changelog
 * ({@link SnapshotRebuild}), from which the command service restores them into RocksDB.
 */
final class EventReplay {
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private EventReplay() {}

    /** @param nanos reading and folding every event */
    record Folded(Map<String, Account> accounts, long events, long nanos) {
        double eventsPerSecond() {
            return events * 1e9 / nanos;
        }
    }

    /** Reads and folds the whole topic; fails unless every event was applied cleanly. */
    static Folded fold(final String bootstrap, final String topic, final long expectedEvents) {
        final AccountFold fold = new AccountFold();
        final long start = System.nanoTime();
        final ReadSummary summary =
                new EventStoreReader(Map.of("bootstrap.servers", bootstrap), topic, TIMEOUT).forEach(fold);
        final long nanos = System.nanoTime() - start;
        if (summary.delivered() != expectedEvents
                || summary.skipped() != 0
                || !fold.anomalies().isEmpty()) {
            throw new IllegalStateException("the replay of " + topic + " read " + summary.delivered() + " of "
                    + expectedEvents + " events, skipped " + summary.skipped() + ", anomalies " + fold.anomalies());
        }
        return new Folded(fold.accounts(), summary.delivered(), nanos);
    }

    /**
     * rebuild-snapshots' write step into the empty changelog {@code topic}: one snapshot per account.
     *
     * @return how long it took, nanoseconds
     */
    static long writeSnapshots(
            final String bootstrap, final String topic, final int partitions, final Map<String, Account> accounts) {
        final ChangelogContents empty = new ChangelogContents(topic, partitions, new TreeMap<>(), 0);
        final long start = System.nanoTime();
        final SnapshotRebuild.Outcome outcome =
                SnapshotRebuild.writeSnapshots(Map.of("bootstrap.servers", bootstrap), TIMEOUT, empty, accounts, false);
        final long nanos = System.nanoTime() - start;
        if (outcome.written() != accounts.size()) {
            throw new IllegalStateException("rebuild wrote " + outcome.written() + " of " + accounts.size());
        }
        return nanos;
    }
}
