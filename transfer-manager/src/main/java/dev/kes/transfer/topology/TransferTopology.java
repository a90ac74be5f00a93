package dev.kes.transfer.topology;

import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.AvroSerdes;
import dev.kes.schemas.view.TransferView;
import dev.kes.transfer.TransferManagerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The transfer process manager as one Kafka Streams topology: two routers re-key the steps of transfers by
 * transferId into one repartition topic, so that one processor sees every step of a transfer in order.
 *
 * <pre>
 * account-events           key accountId (string)   value Avro event (either framing)              → source
 * account-command-results  key commandId (string)   value Avro CommandResult (either framing)      → source
 * &lt;application.id&gt;-transfer-steps-repartition
 *                          key transferId (string)  value the original record's bytes, its origin in
 *                                                   kes.transfer.route.* headers                   ↔ internal
 * account-commands         key accountId (string)   value Avro CreditTransfer / RefundTransfer
 *                                                   (registry framing when the codec has a registry) ← sink
 * transfer-manager-dlq     key original key         value original bytes, headers kes.dlq.*        ← sink
 * store transfers          transferId → Avro TransferView in single-object encoding (changelog compacted):
 *                          the transfer's status, and the refund's reason once one was sent; a finished
 *                          transfer is removed after transfer.finished.retention.ms
 * store transfer-timers    zero-padded due time + ' ' + transferId → RESEND | FORGET (changelog compacted)
 * </pre>
 *
 * The events router decodes every event to find the transfer steps; the results router picks the follow-ups'
 * results by their key alone (commandIds derived from the transferId), so other results are never decoded.
 */
public final class TransferTopology {
    public static final String EVENTS_SOURCE = "events-source";
    public static final String RESULTS_SOURCE = "results-source";
    public static final String EVENTS_ROUTER = "events-router";
    public static final String RESULTS_ROUTER = "results-router";
    public static final String STEPS_MERGE = "transfer-steps-merge";
    /** The repartition's name: its topic is {@code <application.id>-transfer-steps-repartition}. */
    public static final String REPARTITION = "transfer-steps";

    public static final String PROCESSOR = "transfer-processor";
    public static final String COMMANDS_SINK = "commands-sink";
    public static final String DLQ_SINK = "dlq-sink";
    /** transferId → TransferView. */
    public static final String STORE = "transfers";
    /** due time and transferId → what is due ({@link TransferTimers}). */
    public static final String TIMERS_STORE = "transfer-timers";

    private TransferTopology() {}

    /** The topic Kafka Streams keeps the transfer steps in, re-keyed by transferId. */
    public static String repartitionTopic(final String applicationId) {
        return applicationId + "-" + REPARTITION + "-repartition";
    }

    /** The topology with meters nobody reads, writing single-object encoding. */
    public static Topology build(final TransferManagerConfig config) {
        return build(config, TransferMetrics.unexposed(), AvroCodec.shipped());
    }

    /**
     * The topology reading both framings and writing commands with {@code codec} (the registry framing when it has a
     * registry); the store keeps single-object encoding, so that restoring it never needs the registry.
     */
    public static Topology build(
            final TransferManagerConfig config, final TransferMetrics metrics, final AvroCodec codec) {
        final StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STORE), Serdes.String(), AvroSerdes.of(TransferView.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TIMERS_STORE), Serdes.String(), Serdes.String()));
        final KStream<String, byte[]> fromEvents = builder.stream(
                        config.topics().events(),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(EVENTS_SOURCE))
                .process(() -> new EventRouter(codec, metrics), Named.as(EVENTS_ROUTER));
        final KStream<String, byte[]> fromResults = builder.stream(
                        config.topics().results(),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(RESULTS_SOURCE))
                .process(ResultRouter::new, Named.as(RESULTS_ROUTER));
        fromEvents
                .merge(fromResults, Named.as(STEPS_MERGE))
                .repartition(Repartitioned.<String, byte[]>as(REPARTITION)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(Serdes.ByteArray()))
                .process(
                        () -> new TransferProcessor(codec, metrics, config.resendAfter(), config.finishedRetention()),
                        Named.as(PROCESSOR),
                        STORE,
                        TIMERS_STORE);
        final Topology topology = builder.build();
        // the processor names the sink of each record it sends: added to the DSL's graph by name
        topology.addSink(
                COMMANDS_SINK,
                config.topics().commands(),
                new StringSerializer(),
                new ByteArraySerializer(),
                PROCESSOR);
        topology.addSink(DLQ_SINK, config.dlqTopic(), new StringSerializer(), new ByteArraySerializer(), PROCESSOR);
        return topology;
    }
}
