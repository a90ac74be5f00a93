package dev.kes.bench;

import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The least a command processor of this design does per record: one get and one put on a persistent (RocksDB)
 * key-value store with a changelog, and two forwards, to two topics. No domain, no Avro: bytes in, bytes out.
 */
final class BareProcessor implements Processor<String, byte[], String, byte[]> {
    static final String STORE = "bare-state";
    private static final String SOURCE = "bare-source";
    private static final String PROCESSOR = "bare-processor";
    private static final String SINK_A = "bare-sink-a";
    private static final String SINK_B = "bare-sink-b";

    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> store;

    static Topology topology(final String input, final String outputA, final String outputB) {
        final Topology topology = new Topology();
        topology.addSource(SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), input);
        topology.addProcessor(PROCESSOR, BareProcessor::new, SOURCE);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray())
                        .withLoggingEnabled(Map.of()),
                PROCESSOR);
        topology.addSink(SINK_A, outputA, new StringSerializer(), new ByteArraySerializer(), PROCESSOR);
        topology.addSink(SINK_B, outputB, new StringSerializer(), new ByteArraySerializer(), PROCESSOR);
        return topology;
    }

    @Override
    public void init(final ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(final Record<String, byte[]> record) {
        final byte[] previous = store.get(record.key());
        store.put(record.key(), record.value());
        context.forward(record, SINK_A);
        // the second output carries the previous state when there is one: the get is used, as a decide would
        context.forward(previous == null ? record : record.withValue(previous), SINK_B);
    }
}
