package dev.kes.bench;

import dev.kes.projection.topology.StoreNames;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The least a projection of this design does per event, with no domain and no Avro: the ceiling of the projection
 * service, as {@link BareProcessor} is the command service's. Three variants ({@link Shape}) of the same topology (one
 * source on the events topic, one processor, no sink):
 *
 * <pre>
 * topic account-events    key accountId (bytes, not decoded)   value the event's bytes (not decoded)  → source
 *
 * NO_STORES    the processor does nothing with the record: what Kafka Streams itself costs
 * GET_AND_PUT  per event, on each of the four stores below, one point get and one put, in the projection's
 *              order (balances last)
 * PUT_ONLY     per event one put on each of the four stores, no get
 * INDEXED      the design of ADR 0015, per event one put on each of three stores: event-index (its value the
 *              event's bytes behind a 19-byte header, as the projection's IndexedEvent), monthly-snapshots and
 *              balances, these two behind Kafka Streams' record cache; no balance-history
 *
 * The four stores of the design before ADR 0015: persistent RocksDB key-value stores, logging enabled (a changelog
 * record per put), caching disabled, named and keyed like the projection's were (so their changelogs are too).
 * store event-index        accountId 0x00 offset(i64)                               → the event's own bytes
 *                          unique per event (the projection: the version instead of the offset)
 * store balance-history    accountId 0x00 timestamp(i64, sign-flipped) offset(i64)  → byte[historyBytes]
 *                          unique per event
 * store monthly-snapshots  accountId 0x00 year(i32, sign-flipped) month(u8)         → byte[monthlyBytes]
 *                          overwritten within a month; the month is a bucket of average Gregorian months of the
 *                          record timestamp (no calendar: as many months per account as the projection's, no more)
 * store balances           accountId                                                → byte[balanceBytes]
 *                          overwritten by every event of the account
 * </pre>
 *
 * The values are constant arrays of the sizes the projection's Avro views have ({@link ValueSizes}): RocksDB and the
 * changelog producer copy what they are given, so one array per store is safe. The offset stands in for the version
 * because it is unique per event within the partition that holds the account, and needs no decoding.
 *
 * <p>Why two variants with stores: the projection keeps each model's latest applied state per account in an LRU and
 * reads its stores only on a miss (see ReadModelProcessor; with the benchmark's accounts, about once per account and
 * store), so per event it does four puts and almost no gets. {@code GET_AND_PUT} does more store work than that (its
 * gets of the two unique keys always miss); {@code PUT_ONLY} does what the projection does in the steady state. The
 * two bracket the design's cost.
 *
 * <p>Every processor counts the records it handles in a shared {@link Progress} (one atomic increment per record), so
 * the run can time processing without the one-second quantisation of the commits.
 */
final class BareProjection {
    static final String SOURCE = "bare-events-source";
    static final String PASS_THROUGH = "bare-pass-through";
    static final String PROJECTOR = "bare-projector";

    /** What the processor does per event. */
    enum Shape {
        /** Nothing: no stores. */
        NO_STORES,
        /** On each of the four stores one get, then one put. */
        GET_AND_PUT,
        /** On each of the four stores one put. */
        PUT_ONLY,
        /** One put on each of the three stores of ADR 0015's design, two of them cached. */
        INDEXED
    }

    /** The store ADR 0015 folded into the event index. */
    static final String BALANCE_HISTORY = "balance-history";
    /** The four stores, in the order the processor writes them (the projection's: balances last). */
    static final String[] STORES = {
        StoreNames.EVENT_INDEX, BALANCE_HISTORY, StoreNames.MONTHLY_SNAPSHOTS, StoreNames.BALANCES
    };
    /** The stores of {@link Shape#INDEXED}, in the same order. */
    static final String[] INDEXED_STORES = {StoreNames.EVENT_INDEX, StoreNames.MONTHLY_SNAPSHOTS, StoreNames.BALANCES};
    /** The projection's event-index header: format, filedAt, balance scale and length, a 7-byte unscaled balance. */
    private static final int INDEX_HEADER_BYTES = 1 + Long.BYTES + 1 + 1 + 8;
    /** Average Gregorian month (365.2425 days / 12), in ms: a month bucket without a calendar. */
    private static final long MONTH_MS = 2_629_746_000L;

    private BareProjection() {}

    /**
     * Value sizes of the three stores whose values the projection encodes (event-index keeps the event's bytes).
     */
    record ValueSizes(int balanceBytes, int historyBytes, int monthlyBytes) {}

    /** How many records the processors have handled, and when the first one and the {@code expected}-th came. */
    static final class Progress {
        private final long expected;
        private final AtomicLong processed = new AtomicLong();
        private volatile long firstNanos;
        private volatile long lastNanos;

        Progress(final long expected) {
            this.expected = expected;
        }

        void record() {
            final long n = processed.incrementAndGet();
            // two nanoTime calls per run, not per record: the probe must cost next to nothing
            if (n == 1) {
                firstNanos = System.nanoTime();
            }
            if (n == expected) {
                lastNanos = System.nanoTime();
            }
        }

        long processed() {
            return processed.get();
        }

        /** Records after the first, per second from the first to the {@code expected}-th; NaN before that. */
        double rate() {
            final long last = lastNanos;
            return last == 0 || last == firstNanos ? Double.NaN : (expected - 1) * 1e9 / (last - firstNanos);
        }
    }

    /** @param sizes value sizes of the stores (unused without stores) */
    static Topology build(
            final String eventsTopic, final Shape shape, final ValueSizes sizes, final Progress progress) {
        final Topology topology = new Topology();
        // bytes in: no String key and no Avro value decoded, the least a source can do
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), eventsTopic);
        if (shape == Shape.NO_STORES) {
            topology.addProcessor(PASS_THROUGH, () -> new PassThrough(progress), SOURCE);
            return topology;
        }
        final boolean gets = shape == Shape.GET_AND_PUT;
        final boolean indexed = shape == Shape.INDEXED;
        topology.addProcessor(PROJECTOR, () -> new FourStores(sizes, gets, indexed, progress), SOURCE);
        for (final String store : indexed ? INDEXED_STORES : STORES) {
            // as the projection's stores: Stores.keyValueStoreBuilder's defaults, spelled out
            final StoreBuilder<KeyValueStore<Bytes, byte[]>> builder = Stores.keyValueStoreBuilder(
                            Stores.persistentKeyValueStore(store), Serdes.Bytes(), Serdes.ByteArray())
                    .withLoggingEnabled(Map.of());
            topology.addStateStore(
                    indexed && !store.equals(StoreNames.EVENT_INDEX)
                            ? builder.withCachingEnabled()
                            : builder.withCachingDisabled(),
                    PROJECTOR);
        }
        return topology;
    }

    /** Does nothing with the record but count it. */
    private static final class PassThrough implements Processor<byte[], byte[], Void, Void> {
        private final Progress progress;

        PassThrough(final Progress progress) {
            this.progress = progress;
        }

        @Override
        public void process(final Record<byte[], byte[]> record) {
            progress.record();
        }
    }

    /** Per event and store one put, after one get if asked. One instance per task. */
    private static final class FourStores implements Processor<byte[], byte[], Void, Void> {
        private final Progress progress;
        private final boolean gets;
        private final boolean indexed;
        private final byte[] balance;
        private final byte[] history;
        private final byte[] monthly;
        private ProcessorContext<Void, Void> context;
        private KeyValueStore<Bytes, byte[]> eventIndex;
        private KeyValueStore<Bytes, byte[]> balanceHistory;
        private KeyValueStore<Bytes, byte[]> monthlySnapshots;
        private KeyValueStore<Bytes, byte[]> balances;

        FourStores(final ValueSizes sizes, final boolean gets, final boolean indexed, final Progress progress) {
            this.progress = progress;
            this.gets = gets;
            this.indexed = indexed;
            this.balance = filled(sizes.balanceBytes());
            this.history = filled(sizes.historyBytes());
            this.monthly = filled(sizes.monthlyBytes());
        }

        /** Not zeros: nothing on the way (RocksDB's block compression is off by default, but still) gets them free. */
        private static byte[] filled(final int size) {
            final byte[] value = new byte[size];
            Arrays.fill(value, (byte) 0x5a);
            return value;
        }

        @Override
        public void init(final ProcessorContext<Void, Void> context) {
            this.context = context;
            this.eventIndex = context.getStateStore(StoreNames.EVENT_INDEX);
            this.balanceHistory = indexed ? null : context.getStateStore(BALANCE_HISTORY);
            this.monthlySnapshots = context.getStateStore(StoreNames.MONTHLY_SNAPSHOTS);
            this.balances = context.getStateStore(StoreNames.BALANCES);
        }

        @Override
        public void process(final Record<byte[], byte[]> record) {
            final byte[] account = record.key();
            final long offset = context.recordMetadata()
                    .map(RecordMetadata::offset)
                    .orElseThrow(() -> new IllegalStateException("a record from a source has an offset"));
            final long timestamp = record.timestamp();
            if (indexed) {
                final byte[] value =
                        Arrays.copyOf(new byte[INDEX_HEADER_BYTES], INDEX_HEADER_BYTES + record.value().length);
                System.arraycopy(record.value(), 0, value, INDEX_HEADER_BYTES, record.value().length);
                write(eventIndex, key(account, Long.BYTES).putLong(offset), value);
            } else {
                write(eventIndex, key(account, Long.BYTES).putLong(offset), record.value());
                write(
                        balanceHistory,
                        key(account, 2 * Long.BYTES)
                                .putLong(timestamp ^ Long.MIN_VALUE)
                                .putLong(offset),
                        history);
            }
            final long month = Math.floorDiv(timestamp, MONTH_MS);
            write(
                    monthlySnapshots,
                    key(account, Integer.BYTES + 1)
                            .putInt((1970 + (int) Math.floorDiv(month, 12)) ^ Integer.MIN_VALUE)
                            .put((byte) (1 + Math.floorMod(month, 12))),
                    monthly);
            write(balances, Bytes.wrap(account), balance);
            progress.record();
        }

        /** {@code accountId 0x00} followed by room for {@code suffix} bytes, as the projection's composite keys. */
        private static ByteBuffer key(final byte[] account, final int suffix) {
            return ByteBuffer.allocate(account.length + 1 + suffix).put(account).put((byte) 0);
        }

        private void write(final KeyValueStore<Bytes, byte[]> store, final ByteBuffer key, final byte[] value) {
            write(store, Bytes.wrap(key.array()), value);
        }

        /**
         * The projection's version guard reads before it writes (on an LRU miss); what GET_AND_PUT reads is not
         * needed here, but a JNI call into RocksDB is not optimised away.
         */
        private void write(final KeyValueStore<Bytes, byte[]> store, final Bytes key, final byte[] value) {
            if (gets) {
                store.get(key);
            }
            store.put(key, value);
        }
    }
}
