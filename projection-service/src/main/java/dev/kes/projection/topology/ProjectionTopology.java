package dev.kes.projection.topology;

import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.AvroSerdes;
import dev.kes.schemas.view.AccountView;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The read side as one Kafka Streams topology.
 *
 * <pre>
 * account-events   key accountId (string)  value Avro event (single-object encoding)  → source
 * store balances   accountId → Avro AccountView (holder, balance, version, status, openedAt, updatedAt)
 * </pre>
 */
public final class ProjectionTopology {
    public static final String SOURCE = "events-source";
    public static final String PROJECTOR = "account-projector";

    private ProjectionTopology() {
    }

    public static Topology build(final ProjectionServiceConfig config, final ProjectionMetrics metrics) {
        final AvroCodec codec = AvroCodec.shipped();
        final Topology topology = new Topology();
        topology.addSource(SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                config.topics().events());
        topology.addProcessor(PROJECTOR, () -> new AccountProjector(codec, metrics), SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.BALANCES),
                Serdes.String(), AvroSerdes.of(AccountView.class)), PROJECTOR);
        return topology;
    }
}
