package dev.kes.admin.personal;

import java.util.List;
import java.util.Map;

/**
 * What one run of {@link PersonalDataMigration} did, and what its check of the successor found.
 *
 * @param created           whether this run created the successor topic
 * @param resumedFrom       per partition, the source offset this run started copying at (0 or the log start: fresh)
 * @param copied            records copied by this run
 * @param sealed            of them, records whose clear personal values were sealed
 * @param complete          whether every record of the source is in the successor (false after {@code maxRecords})
 * @param sourceRecords     per partition, the committed records of the source
 * @param successorRecords  per partition, the committed records of the successor (checked only when complete)
 * @param unreadable        "partition:offset" of each source record this build cannot decode: copied unchanged
 * @param clearInSuccessor  "partition:offset field" of each clear personal value the check found in the successor
 * @param erasedAccounts    accounts with a PersonalDataErased event whose new data keys were tombstoned again
 * @param keysTombstoned    data keys tombstoned for them
 */
public record MigrationResult(
        boolean created,
        Map<Integer, Long> resumedFrom,
        long copied,
        long sealed,
        boolean complete,
        Map<Integer, Long> sourceRecords,
        Map<Integer, Long> successorRecords,
        List<String> unreadable,
        List<String> clearInSuccessor,
        int erasedAccounts,
        int keysTombstoned) {

    /** Complete, every count equal, no clear value found and nothing copied unread. */
    public boolean clean() {
        return complete && sourceRecords.equals(successorRecords) && unreadable.isEmpty() && clearInSuccessor.isEmpty();
    }
}
