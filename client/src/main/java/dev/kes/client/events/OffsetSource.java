package dev.kes.client.events;

import java.util.Map;
import java.util.Set;

/**
 * Where a subscription starts each partition it is assigned, for applications that keep their own checkpoints
 * (in the same transaction as their writes) instead of the consumer group's: called on every assignment, before
 * the first record of those partitions is read.
 */
@FunctionalInterface
public interface OffsetSource {
    /**
     * @param partitions the partitions just assigned
     * @return the next offset to read per partition; a partition left out starts as the subscription's start says
     */
    Map<Integer, Long> nextOffsets(Set<Integer> partitions) throws Exception;
}
