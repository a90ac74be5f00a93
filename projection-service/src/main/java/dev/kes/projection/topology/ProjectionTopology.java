package dev.kes.projection.topology;

import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.tracing.Tracing;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The read side as one Kafka Streams topology: the account read models (one processor, three persistent key-value
 * stores keyed by account), and the transfers read model behind a repartition by transferId.
 *
 * <pre>
 * topic account-events     key accountId (string)   value Avro event (either framing)             → source
 *
 * store event-index        accountId 0x00 version(i64)                                (EventKey)
 *                                                                       → IndexRun: one IndexedEvent (filedAt,
 *                                                                         balance after, the event's bytes), or a
 *                                                                         run of them from a bulk build
 *                          the audit trail and the balance history: "as of T" is a binary search over the
 *                          account's versions for the last entry filed at or before T (IndexSearch, IndexReads)
 * store balances           accountId (string)                           → Avro AccountView          (record cache)
 *                          the current holder, balance, version, status, openedAt, updatedAt
 * store monthly-snapshots  accountId 0x00 year(i32, sign-flipped) month(u8)           (MonthKey)   (record cache)
 *                                                                       → Avro MonthlySnapshot
 *                          opening/closing balance, deposit/withdrawal/interest totals, event count and last
 *                          version of each UTC month that had events; a year is one range
 *
 * topic &lt;app&gt;-transfers-by-id-repartition   key transferId   value the transfer event's bytes (single-object)
 * store transfers          transferId (string)                          → Avro TransferView
 * store early-transfer-outcomes  transferId                             → Avro TransferView (credit/refund seen
 *                                                                         before its debit; see TransfersProcessor)
 * </pre>
 *
 * All numbers in keys are big-endian so that RocksDB's byte order is (account, time or version) order. The account
 * stores are keyed by account and the source is partitioned by account, so one account's entries of all three
 * stores live in the same task; a transfer's view lives in the task of its transferId's partition. History is kept
 * forever (see ADR 0001): no store here drops anything for being old. Why one processor and one version guard per
 * read model: see {@link ReadModelProcessor}.
 *
 * <p>Changelog records per event (ADR 0015): the event index writes one, since every event is a new key. Balances and
 * monthly snapshots change in place, so Kafka Streams' record cache keeps their puts and writes each changed key
 * once per commit (and on eviction). Reads see the cache: the processor's and interactive key lookups go through it,
 * and the query layer reads these two stores' ranges through IQv1, whose ranges merge it (IQv2 range queries would
 * read RocksDB only and trail by up to a commit).
 */
public final class ProjectionTopology {
    public static final String SOURCE = "events-source";
    public static final String PROJECTOR = "read-model-projector";
    public static final String TRANSFERS_PROJECTOR = "transfers-projector";

    private ProjectionTopology() {}

    /** The topology reading single-object encoding only (tools and tests without a registry). */
    public static Topology build(final ProjectionServiceConfig config, final ProjectionMetrics metrics) {
        return build(config, metrics, AvroCodec.shipped());
    }

    /**
     * The topology reading events with {@code codec}: both framings, schema ids looked up in its registry. The stores
     * keep single-object encoding (the event index too), so that restoring and querying them never need the registry.
     */
    public static Topology build(
            final ProjectionServiceConfig config, final ProjectionMetrics metrics, final AvroCodec codec) {
        return build(config, metrics, codec, AppliedEvents.NONE);
    }

    /**
     * The topology of a service: as above, telling {@code applied} of each event its processors have written to the
     * stores (the service's queries wait on it for {@code ?position=}).
     */
    public static Topology build(
            final ProjectionServiceConfig config,
            final ProjectionMetrics metrics,
            final AvroCodec codec,
            final AppliedEvents applied) {
        return build(config, metrics, codec, applied, Tracing.off());
    }

    /** As above, a span per read model an event carrying a trace context is applied to (README "Tracing"). */
    public static Topology build(
            final ProjectionServiceConfig config,
            final ProjectionMetrics metrics,
            final AvroCodec codec,
            final AppliedEvents applied,
            final Tracing tracing) {
        final ApplyTracing spans = new ApplyTracing(tracing);
        final EventDecoder decoder = new EventDecoder(codec, metrics);
        final StreamsBuilder builder = new StreamsBuilder();
        ProjectionStores.accounts().forEach(store -> builder.addStateStore(store.builder()));
        ProjectionStores.transfers().forEach(store -> builder.addStateStore(store.builder()));
        builder.stream(
                        config.topics().events(),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(SOURCE))
                .process(
                        () -> new ReadModelProcessor(new AccountProjector(
                                decoder, metrics, config.latestCacheAccounts(), applied, spans, false, 1)),
                        Named.as(PROJECTOR),
                        StoreNames.BALANCES,
                        StoreNames.MONTHLY_SNAPSHOTS,
                        StoreNames.EVENT_INDEX)
                // the transfer events, keyed by transferId: a name of ours, so the topic survives topology changes
                .repartition(Repartitioned.<String, byte[]>as(StoreNames.TRANSFERS_BY_ID)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(Serdes.ByteArray()))
                .process(
                        () -> new TransfersProcessor(metrics, applied, spans),
                        Named.as(TRANSFERS_PROJECTOR),
                        StoreNames.TRANSFERS,
                        StoreNames.EARLY_TRANSFER_OUTCOMES);
        return builder.build();
    }
}
