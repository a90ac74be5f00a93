package dev.kes.admin.snapshots;

import dev.kes.admin.AdminException;
import dev.kes.admin.events.EventStoreReader;
import dev.kes.admin.events.ReadSummary;
import dev.kes.admin.kafka.TopicNotFoundException;
import dev.kes.admin.kafka.TopicScan;
import dev.kes.domain.Account;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The snapshot store checked against the events: the changelog as a restore would load it, every account folded
 * from account-events, and where the two disagree.
 *
 * <p>The changelog is read first: it fails fast when the application id is wrong, and, should the service be running,
 * the events read afterwards are never older than the snapshots, so a difference then shows events the
 * snapshots have not caught up with.
 */
public record SnapshotCheck(ChangelogContents changelog, ReadSummary events, Map<String, Account> accounts,
                            List<String> anomalies, List<Mismatch> mismatches) {

    public static SnapshotCheck run(final Map<String, ?> kafka, final Duration timeout, final String eventsTopic,
                                    final String changelogTopic) {
        final ChangelogContents changelog;
        try {
            changelog = SnapshotChangelog.read(new TopicScan(kafka, timeout), changelogTopic);
        } catch (TopicNotFoundException e) {
            throw new AdminException("the snapshot changelog " + changelogTopic + " does not exist: is "
                    + "--application-id the command service's application.id, and has it run at least once?", e);
        }
        final AccountFold fold = new AccountFold();
        final ReadSummary events = new EventStoreReader(kafka, eventsTopic, timeout).forEach(fold);
        final Map<String, Account> accounts = fold.accounts();
        return new SnapshotCheck(changelog, events, accounts, fold.anomalies(),
                SnapshotComparison.compare(accounts, changelog.snapshots()));
    }

    public boolean isConsistent() {
        return mismatches.isEmpty() && anomalies.isEmpty();
    }
}
