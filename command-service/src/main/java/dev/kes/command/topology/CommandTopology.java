package dev.kes.command.topology;

import dev.kes.command.CommandMetrics;
import dev.kes.command.CommandServiceConfig;
import dev.kes.domain.Account;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.AvroSerdes;
import dev.kes.schemas.state.AccountSnapshot;
import dev.kes.service.kafka.CaughtUpCommits;
import dev.kes.service.mapping.SnapshotMapping;
import dev.kes.service.tracing.Tracing;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The command side as one Kafka Streams topology.
 *
 * <pre>
 * account-commands         key accountId (string)  value Avro command (either framing)           → source
 * account-events           key accountId (string)  value Avro event, timestamp = occurredAt       ← sink
 *                          (events and results: registry framing when the codec has a registry)
 * account-command-results  key commandId (string)  value Avro CommandResult                      ← sink
 * account-commands-dlq     key original key        value original bytes, headers kes.dlq.*       ← sink
 * kes-personal-keys        key accountId/keyId     value wrapped data key (ADR 0016): a key made to seal a clear
 *                          holder, in the transaction of the event sealed with it (only when sealing) ← sink
 * store account-state      accountId → Avro AccountSnapshot (changelog compacted: the snapshot topic), behind
 *                          Kafka Streams' record cache: one snapshot per changed account per commit; the processor
 *                          keeps recently used accounts decoded in front of it ({@link DecodedAccounts})
 * store command-dedupe     (accountId, commandId) → Avro CommandResult (the first outcome, for retries), in
 *                          single-object encoding like every store
 * </pre>
 */
public final class CommandTopology {
    public static final String SOURCE = "commands-source";
    public static final String PROCESSOR = "command-processor";
    public static final String EVENTS_SINK = "events-sink";
    public static final String RESULTS_SINK = "results-sink";
    public static final String DLQ_SINK = "dlq-sink";
    public static final String PERSONAL_KEYS_SINK = "personal-keys-sink";
    /**
     * Topic configs of the account-state changelog, the snapshot topic: compacted, and cleanable as soon as the
     * cleaner runs, since only the latest snapshot of an account is ever restored. Segments roll at 64 MiB or after
     * an hour rather than Kafka's 1 GiB / 7 days: the cleaner never compacts the active segment, so its size bounds
     * the superseded snapshots a restore still reads (docs/snapshots.md). Applied when Kafka Streams creates the
     * topic; an existing changelog keeps its configs until altered.
     */
    public static final Map<String, String> ACCOUNT_STATE_CHANGELOG_CONFIGS = Map.of(
            "cleanup.policy",
            "compact",
            "min.compaction.lag.ms",
            "0",
            "segment.bytes",
            Integer.toString(64 << 20),
            "segment.ms",
            Long.toString(Duration.ofHours(1).toMillis()));

    private CommandTopology() {}

    /** The topology with meters nobody reads (benchmarks, tools), writing single-object encoding. */
    public static Topology build(final CommandServiceConfig config) {
        return build(config, CommandMetrics.unexposed(), AvroCodec.shipped(), CaughtUpCommits.off());
    }

    /**
     * The topology writing events and results with {@code codec} (the registry framing when it has a registry); its
     * stores keep single-object encoding whatever the codec, so that restoring them never needs the registry. The
     * processor asks {@code commits} for a commit whenever its partition has caught up (group commit, ADR 0011); that
     * takes an app created with {@code commits.clientSupplier()}, as {@link CommandStreams#create} does.
     */
    public static Topology build(
            final CommandServiceConfig config,
            final CommandMetrics metrics,
            final AvroCodec codec,
            final CaughtUpCommits commits) {
        return build(config, metrics, codec, commits, Tracing.off());
    }

    /** As above, each command's handling spanned with {@code tracing} (README "Tracing"). */
    public static Topology build(
            final CommandServiceConfig config,
            final CommandMetrics metrics,
            final AvroCodec codec,
            final CaughtUpCommits commits,
            final Tracing tracing) {
        return build(config, metrics, codec, commits, tracing, PersonalSealing.off());
    }

    /**
     * As above, the personal fields of accepted events sealed by {@code sealing} when their command carried them in
     * clear (a running service always seals: docs/adr/0016).
     */
    public static Topology build(
            final CommandServiceConfig config,
            final CommandMetrics metrics,
            final AvroCodec codec,
            final CaughtUpCommits commits,
            final Tracing tracing,
            final PersonalSealing sealing) {
        return build(config, metrics, codec, commits, SnapshotMapping::toDomain, tracing, sealing);
    }

    /** As above, the processors decoding the snapshots they read with {@code toDomain} (tests count decodes). */
    static Topology build(
            final CommandServiceConfig config,
            final CommandMetrics metrics,
            final AvroCodec codec,
            final CaughtUpCommits commits,
            final Function<AccountSnapshot, Account> toDomain) {
        return build(config, metrics, codec, commits, toDomain, Tracing.off(), PersonalSealing.off());
    }

    private static Topology build(
            final CommandServiceConfig config,
            final CommandMetrics metrics,
            final AvroCodec codec,
            final CaughtUpCommits commits,
            final Function<AccountSnapshot, Account> toDomain,
            final Tracing tracing,
            final PersonalSealing sealing) {
        final int decodedAccounts = DecodedAccounts.checkedSize(config.accountCacheEntries());
        final Topology topology = new Topology();
        topology.addSource(
                SOURCE,
                new StringDeserializer(),
                Serdes.ByteArray().deserializer(),
                config.topics().commands());
        topology.addProcessor(
                PROCESSOR,
                commits.committing(() -> new CommandProcessor(
                        codec,
                        config.allowOccurredAt(),
                        config.dedupeWindow(),
                        config.commandPartitions(),
                        metrics,
                        new DecodedAccounts(decodedAccounts, toDomain),
                        tracing,
                        sealing)),
                SOURCE);
        // cached: the record cache keeps the puts between commits and writes the last of each key at a commit
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(StoreNames.ACCOUNT_STATE),
                                Serdes.String(),
                                AvroSerdes.of(AccountSnapshot.class))
                        .withCachingEnabled()
                        .withLoggingEnabled(ACCOUNT_STATE_CHANGELOG_CONFIGS),
                PROCESSOR);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(StoreNames.COMMAND_DEDUPE),
                                // the values are CommandResult in single-object encoding, written as the bytes sent
                                Serdes.String(),
                                Serdes.ByteArray())
                        .withLoggingEnabled(Map.of("cleanup.policy", "compact")),
                PROCESSOR);
        // the processor encodes what it forwards (events and results with the codec's framing): every sink takes bytes
        topology.addSink(
                EVENTS_SINK, config.topics().events(), new StringSerializer(), new ByteArraySerializer(), PROCESSOR);
        topology.addSink(
                RESULTS_SINK, config.topics().results(), new StringSerializer(), new ByteArraySerializer(), PROCESSOR);
        topology.addSink(DLQ_SINK, config.topics().dlq(), new StringSerializer(), new ByteArraySerializer(), PROCESSOR);
        if (sealing.isOn()) {
            topology.addSink(
                    PERSONAL_KEYS_SINK,
                    config.topics().personalKeys(),
                    new StringSerializer(),
                    new ByteArraySerializer(),
                    PROCESSOR);
        }
        return topology;
    }
}
