package dev.kes.admin.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Utils;

/** Account ids chosen so that a test's events land in every partition, whatever the hash does with the names. */
public final class Partitioning {
    private Partitioning() {}

    /** The default partitioner's partition of a String key. */
    public static int partitionOf(final String key, final int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** {@code perPartition} ids {@code prefix-n} per partition, ordered by partition. */
    public static List<String> spread(final String prefix, final int partitions, final int perPartition) {
        final List<String> ids = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            int found = 0;
            for (int n = 0; found < perPartition; n++) {
                final String id = prefix + "-" + n;
                if (partitionOf(id, partitions) == partition) {
                    ids.add(id);
                    found++;
                }
            }
        }
        return List.copyOf(ids);
    }
}
