package dev.kes.projection.query;

import java.util.List;

/**
 * One partition of the balances store and the instances ({@code host:port}) holding a copy of it.
 *
 * @param active   the instance running its active task; null while that is not known
 * @param standbys the instances holding a standby copy
 * @param settled  whether this instance's Kafka Streams is RUNNING (see {@link Placement#settled})
 */
public record PartitionCopies(int partition, String active, List<String> standbys, boolean settled) {
    public PartitionCopies {
        standbys = List.copyOf(standbys);
    }
}
