package dev.kes.admin.snapshots;

import dev.kes.schemas.state.AccountSnapshot;

/**
 * The latest record of one account in the snapshot changelog.
 *
 * @param snapshot   the decoded snapshot, or null when the bytes cannot be read
 * @param unreadable why the bytes cannot be read, or null
 */
public record StoredSnapshot(
        String accountId, int partition, long offset, AccountSnapshot snapshot, String unreadable) {
    public boolean isReadable() {
        return snapshot != null;
    }
}
