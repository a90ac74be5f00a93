package dev.kes.admin.snapshots;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a restore of the account-state store would load: the latest record of each key, tombstoned keys left out.
 *
 * @param partitions the changelog's partition count (equal to account-commands', Kafka Streams checks that)
 * @param records    records read, including the superseded ones compaction has not removed yet
 */
public record ChangelogContents(String topic, int partitions, SortedMap<String, StoredSnapshot> latest, long records) {
    public ChangelogContents {
        latest = new TreeMap<>(latest);
    }

    public Map<String, StoredSnapshot> snapshots() {
        return latest;
    }
}
