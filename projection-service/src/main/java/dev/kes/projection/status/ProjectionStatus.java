package dev.kes.projection.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /projection/status} answers: how far this instance's projection is, and whether {@code
 * /health/ready} lets traffic in.
 *
 * @param applicationId the Streams application id (the projection's consumer group)
 * @param state         the Streams client's state
 * @param reason        why it is not ready; absent when ready
 * @param maxLag        {@code projection.ready.max.lag}
 * @param lag           records not yet committed, summed over the partitions this instance is active for; absent
 *                      while the brokers do not answer
 * @param partitions    every partition of the events topic, with this instance's role for it
 * @param appliedEvents per read model, the events this instance has applied since it started
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProjectionStatus(
        String applicationId,
        String state,
        boolean ready,
        String reason,
        long maxLag,
        Long lag,
        List<PartitionStatus> partitions,
        Map<String, Long> appliedEvents) {

    /**
     * One partition of the events topic.
     *
     * @param role      {@code active}, {@code standby} or {@code none} (another instance runs it)
     * @param lag       records of the partition not yet committed by the projection (any instance's)
     * @param restoring whether this instance is restoring a store of the partition from its changelog
     * @param restored  records restored so far, summed over its stores being restored (when restoring)
     * @param toRestore records to restore in all, summed the same way (when restoring)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PartitionStatus(
            int partition, String role, Long lag, boolean restoring, Long restored, Long toRestore) {}
}
