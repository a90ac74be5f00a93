package dev.kes.projection.topology;

import org.apache.kafka.streams.processor.StateStore;

/**
 * Where the read models find their stores: Kafka Streams' processor context in the topology, the build's own
 * stores in a {@link BulkBuild}.
 */
@FunctionalInterface
public interface StoreLookup {
    <S extends StateStore> S store(String name);
}
