package dev.kes.sql.db;

/**
 * The database's next offset of a partition is not where this writer read from: another instance applied that part
 * of the partition meanwhile (after a rebalance), or the batch starts before what is already applied. The batch's
 * transaction was rolled back; the subscription must re-read its offsets from the database.
 */
public final class OffsetConflictException extends Exception {
    private final int partition;

    public OffsetConflictException(final String topic, final int partition, final String what) {
        super(topic + "-" + partition + ": " + what + "; nothing written");
        this.partition = partition;
    }

    public int partition() {
        return partition;
    }
}
