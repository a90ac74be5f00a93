package dev.kes.projection.status;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * The store partitions this instance is restoring from their changelogs now, with how far each has got: set as the
 * Streams client's global restore listener, so it sees every active task's restoration (not a standby's updates).
 */
public final class RestoringStores implements StateRestoreListener {
    private final Map<TopicPartition, Restore> restoring = new ConcurrentHashMap<>();

    /**
     * One store partition being restored.
     *
     * @param changelog the changelog topic partition read
     * @param restored  records restored so far
     * @param total     records between the store's checkpoint and the changelog's end when the restoration started
     */
    public record Restore(String store, TopicPartition changelog, long restored, long total) {
        Restore plus(final long records) {
            return new Restore(store, changelog, restored + records, total);
        }
    }

    @Override
    public void onRestoreStart(
            final TopicPartition changelog, final String store, final long startingOffset, final long endingOffset) {
        restoring.put(changelog, new Restore(store, changelog, 0, Math.max(0, endingOffset - startingOffset)));
    }

    @Override
    public void onBatchRestored(
            final TopicPartition changelog, final String store, final long batchEndOffset, final long numRestored) {
        restoring.computeIfPresent(changelog, (partition, restore) -> restore.plus(numRestored));
    }

    @Override
    public void onRestoreEnd(final TopicPartition changelog, final String store, final long totalRestored) {
        restoring.remove(changelog);
    }

    /** The task moved away (or is closing) before its store was restored: this instance no longer restores it. */
    @Override
    public void onRestoreSuspended(final TopicPartition changelog, final String store, final long totalRestored) {
        restoring.remove(changelog);
    }

    /** The restorations under way, by changelog topic and partition. */
    public List<Restore> now() {
        return restoring.values().stream()
                .sorted(Comparator.comparing((Restore r) -> r.changelog().topic())
                        .thenComparingInt(r -> r.changelog().partition()))
                .toList();
    }
}
