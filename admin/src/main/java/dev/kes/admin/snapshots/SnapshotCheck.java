package dev.kes.admin.snapshots;

import dev.kes.admin.AdminException;
import dev.kes.admin.archive.ArchiveReader;
import dev.kes.admin.kafka.TopicNotFoundException;
import dev.kes.admin.kafka.TopicScan;
import dev.kes.domain.Account;
import dev.kes.schemas.serde.AvroCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The snapshot store checked against the events: the changelog as a restore would load it, every account folded
 * from the archive and account-events ({@link HistoryFold}), and where the two disagree.
 *
 * <p>Whether the events can be read whole is checked first. Then the changelog is read: it fails fast when the
 * application id is wrong, and, should the service be running, the events read afterwards are never older than the
 * snapshots, so a difference then shows events the snapshots have not caught up with.
 */
public record SnapshotCheck(ChangelogContents changelog, HistoryFold history, List<Mismatch> mismatches) {
    public SnapshotCheck {
        mismatches = List.copyOf(mismatches);
    }

    /**
     * @param archive the archive of {@code eventsTopic}, or null when nothing was archived
     * @param codec   decodes the events
     * @throws dev.kes.admin.RefusedException as {@link HistoryFold#read}: the topic was truncated and the archive
     *                                        does not hold what is missing
     */
    public static SnapshotCheck run(
            final Map<String, ?> kafka,
            final Duration timeout,
            final String eventsTopic,
            final String changelogTopic,
            final ArchiveReader archive,
            final AvroCodec codec) {
        HistoryFold.requireWhole(kafka, timeout, eventsTopic, archive);
        final ChangelogContents changelog;
        try {
            changelog = SnapshotChangelog.read(new TopicScan(kafka, timeout), changelogTopic);
        } catch (TopicNotFoundException e) {
            throw new AdminException(
                    "the snapshot changelog " + changelogTopic + " does not exist: is "
                            + "--application-id the command service's application.id, and has it run at least once?",
                    e);
        }
        final HistoryFold history = HistoryFold.read(kafka, timeout, eventsTopic, archive, codec);
        return new SnapshotCheck(
                changelog,
                history,
                SnapshotComparison.compare(history.accounts(), changelog.snapshots(), history::hasEvents));
    }

    public Map<String, Account> accounts() {
        return history.accounts();
    }

    public List<String> anomalies() {
        return history.anomalies();
    }

    public boolean isConsistent() {
        return mismatches.isEmpty() && history.anomalies().isEmpty();
    }
}
