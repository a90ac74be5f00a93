package dev.kes.service.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Group commit for an exactly-once Kafka Streams app: a processor asks for a commit as soon as it has processed the
 * last record its consumer could see of a partition that was caught up (lag 0 at that poll), instead of waiting for
 * {@code commit.interval.ms}. Lightly loaded, every command commits within one transaction's time; under load,
 * whatever arrives while a transaction commits forms the next batch; behind (lag &gt; 0, e.g. a backlog), only
 * {@code commit.interval.ms} commits, so a catch-up keeps its large transactions (ADR 0011).
 *
 * <p>Built on public API only: the {@link KafkaClientSupplier} given to {@code new KafkaStreams(...)} hands out a main
 * consumer that notes, per poll, each partition's last returned offset and whether {@link KafkaConsumer#currentLag}
 * was then 0; a processor wrapped by {@link #committing} checks after each record whether it was such a last one, and
 * if so {@link ProcessorContext#commit() requests} a commit, which the stream thread carries out after its current
 * processing round.
 *
 * <p>Paced ({@link CommitPacing}): a commit is requested only once the thread has run, since its last commit ended, as
 * long as that commit took (the supplier's producer times each commit on its stream thread); one not yet due is
 * requested by a wall-clock punctuation every {@value #PACE_CHECK_MS} ms, so a command waits at most about two commits.
 */
public final class CaughtUpCommits {
    /** Per partition: the last offset a poll returned while the partition was caught up, or -1. */
    private final Map<TopicPartition, Long> caughtUpAt = new ConcurrentHashMap<>();

    private static final long PACE_CHECK_MS = 2;

    /** Per stream thread, which runs both its tasks' processors and its producer's commits. */
    private final ThreadLocal<CommitPacing> pacing = ThreadLocal.withInitial(() -> new CommitPacing(System::nanoTime));

    private final boolean enabled;
    private final long intervalMs;

    /**
     * Group commit on: wrapped processors ask for commits, given an app built with {@link #clientSupplier()}.
     *
     * @param intervalMs the app's {@code commit.interval.ms}: a record that waited longer than that since it was
     *     written asks for no commit of its own (see {@link Committing#process})
     */
    public CaughtUpCommits(final long intervalMs) {
        this(true, intervalMs);
    }

    private CaughtUpCommits(final boolean enabled, final long intervalMs) {
        this.enabled = enabled;
        this.intervalMs = intervalMs;
    }

    /** Group commit off: {@link #committing} leaves processors as they are, so they cost nothing per record. */
    public static CaughtUpCommits off() {
        return new CaughtUpCommits(false, 0);
    }

    /** The client supplier to give to {@code new KafkaStreams(topology, props, supplier)}. */
    public KafkaClientSupplier clientSupplier() {
        return new Supplier();
    }

    /**
     * {@code processors}, each followed by {@link #maybeCommit} after every record it processes; unwrapped when off.
     */
    public <KIn, VIn, KOut, VOut> ProcessorSupplier<KIn, VIn, KOut, VOut> committing(
            final ProcessorSupplier<KIn, VIn, KOut, VOut> processors) {
        if (!enabled) {
            return processors;
        }
        return new ProcessorSupplier<>() {
            @Override
            public Processor<KIn, VIn, KOut, VOut> get() {
                return new Committing<>(processors.get());
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return processors.stores();
            }
        };
    }

    /**
     * Whether the record being processed is the last one its consumer has seen of a caught-up partition, so that its
     * task should commit.
     */
    private boolean lastOfCaughtUp(final ProcessorContext<?, ?> context) {
        final RecordMetadata record = context.recordMetadata().orElse(null);
        if (record == null) {
            return false;
        }
        final Long last = caughtUpAt.get(new TopicPartition(record.topic(), record.partition()));
        return last != null && last == record.offset();
    }

    void polled(final ConsumerRecords<byte[], byte[]> records, final KafkaConsumer<byte[], byte[]> consumer) {
        for (final TopicPartition partition : records.partitions()) {
            final var inPartition = records.records(partition);
            final long last = inPartition.get(inPartition.size() - 1).offset();
            final OptionalLong lag = consumer.currentLag(partition);
            caughtUpAt.put(partition, lag.isPresent() && lag.getAsLong() == 0 ? last : -1L);
        }
    }

    private final class Committing<KIn, VIn, KOut, VOut> implements Processor<KIn, VIn, KOut, VOut> {
        private final Processor<KIn, VIn, KOut, VOut> processor;
        private ProcessorContext<KOut, VOut> context;
        /** A commit this task should make, held back by the pacing. */
        private boolean due;

        Committing(final Processor<KIn, VIn, KOut, VOut> processor) {
            this.processor = processor;
        }

        @Override
        public void init(final ProcessorContext<KOut, VOut> processorContext) {
            this.context = processorContext;
            processor.init(processorContext);
            processorContext.schedule(
                    Duration.ofMillis(PACE_CHECK_MS), PunctuationType.WALL_CLOCK_TIME, now -> commitIfDue());
        }

        /**
         * A record that waited longer than the commit interval before it was processed says the thread is behind
         * (a cold JVM, a burst): commits of its own would only take time from processing, so the interval commits it.
         * Its wait is read from its timestamp, the producer's clock: a producer whose clock is behind this host's by
         * more than the interval (or that stamps business time) gets the interval's commits only, as without group
         * commit.
         */
        @Override
        public void process(final Record<KIn, VIn> record) {
            processor.process(record);
            if (lastOfCaughtUp(context) && System.currentTimeMillis() - record.timestamp() <= intervalMs) {
                due = true;
                commitIfDue();
            }
        }

        private void commitIfDue() {
            if (due && pacing.get().mayCommit()) {
                context.commit();
                due = false;
            }
        }

        @Override
        public void close() {
            processor.close();
        }
    }

    /** Kafka's default clients, except a main consumer that reports each poll to {@link #polled}. */
    private final class Supplier implements KafkaClientSupplier {
        @Override
        public Admin getAdmin(final Map<String, Object> config) {
            return Admin.create(config);
        }

        @Override
        public Producer<byte[], byte[]> getProducer(final Map<String, Object> config) {
            return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()) {
                @Override
                public void sendOffsetsToTransaction(
                        final Map<TopicPartition, OffsetAndMetadata> offsets,
                        final ConsumerGroupMetadata groupMetadata) {
                    pacing.get().starting();
                    super.sendOffsetsToTransaction(offsets, groupMetadata);
                }

                @Override
                public void commitTransaction() {
                    final CommitPacing pace = pacing.get();
                    pace.starting();
                    try {
                        super.commitTransaction();
                    } finally {
                        pace.ended();
                    }
                }

                @Override
                public void abortTransaction() {
                    try {
                        super.abortTransaction();
                    } finally {
                        pacing.get().ended();
                    }
                }
            };
        }

        @Override
        public org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> getConsumer(
                final Map<String, Object> config) {
            return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer()) {
                @Override
                public ConsumerRecords<byte[], byte[]> poll(final Duration timeout) {
                    final ConsumerRecords<byte[], byte[]> records = super.poll(timeout);
                    if (!records.isEmpty()) {
                        polled(records, this);
                    }
                    return records;
                }
            };
        }

        @Override
        public org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> getRestoreConsumer(
                final Map<String, Object> config) {
            return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }

        @Override
        public org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> getGlobalConsumer(
                final Map<String, Object> config) {
            return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
    }
}
