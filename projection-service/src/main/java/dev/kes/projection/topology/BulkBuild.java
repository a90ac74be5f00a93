package dev.kes.projection.topology;

import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.projection.store.IndexRun;
import dev.kes.projection.store.MonthKey;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.kafka.Durability;
import dev.kes.service.tracing.Tracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Builds a new projection generation's state without Kafka Streams processing the backlog (ADR 0019): one worker
 * per core (at most one per partition) reads partitions of the events topic up to their end, the largest first, the
 * projection's own read models ({@link AccountProjector}, {@link TransfersProcessor}) fold every event into stores
 * that write the changelog topics Kafka Streams would have written, and the generation's group is committed at that
 * end. Memory: about 1 KB per account of the partitions being read (each account's latest state is held until its
 * partition is done), plus one view per transfer. The generation's instances then restore their stores from those
 * changelogs, as after losing their disks, and go on from the committed offsets.
 *
 * <pre>
 * topic account-events                          read: key accountId (string), value the event (either framing)
 * topic &lt;app&gt;-event-index-changelog          written to the event's partition: one record per run of up to
 *                                               {@link #INDEX_RUN} applied events of an account
 * topic &lt;app&gt;-monthly-snapshots-changelog    written to the event's partition: one record per account and month
 * topic &lt;app&gt;-balances-changelog             written to the event's partition: one record per account
 * topic &lt;app&gt;-transfers-changelog, -early-transfer-outcomes-changelog
 *                                               partitioned by transferId as the transfers-by-id topic is
 * </pre>
 *
 * Why it is faster: Kafka Streams writes the event index's RocksDB and changelog per event and the cached stores per
 * commit, inside the stream thread; here the stores are plain maps, each changelog key is written once, the event
 * index in runs of many events, batched by one producer, and the instances restore in bulk. The answers are the same
 * because the code that decides them is the topology's: only the stores differ. The group must not exist yet: the
 * caller checks that the generation is unused (es-admin projection rebuild start --bulk); the changelog topics are
 * created here and must not exist.
 */
public final class BulkBuild {
    /** Months changed but not yet written, per partition: one per account, the least recently changed written first. */
    private static final int HELD_MONTHS = 100_000;
    /** Events per event-index run: a changelog record holds this many events of an account (ADR 0019). */
    static final int INDEX_RUN = 16;
    /** A run of large events ends sooner: a record must stay well below the topics' 1 MB max.message.bytes. */
    static final int INDEX_RUN_BYTES = 256 * 1024;
    /** Event-index runs held open per partition: the least recently appended is written out to make room. */
    private static final int HELD_RUNS = 10_000;

    private static final Duration POLL = Duration.ofMillis(200);
    /** The consumer's default, 500 ms, left the machine idle at every change of partition. */
    private static final int FETCH_MAX_WAIT_MS = 10;

    private static final Duration STALLED = Duration.ofSeconds(120);
    private static final Duration LEADERS = Duration.ofSeconds(60);
    private static final Duration LEADERS_RETRY = Duration.ofMillis(100);

    private BulkBuild() {}

    /**
     * What the build did.
     *
     * @param events records read from the events topic
     * @param end the offsets committed for the generation's group: where its instances go on
     * @param changelogRecords records written to the changelog topics
     * @param nanos from the start of reading to the last changelog record acknowledged and the offsets committed
     * @param counts each {@link ProjectionMetrics} counter that counted anything, summed over its views
     * @param applied per read model ({@link ProjectionMetrics#VIEW}), the events it applied
     */
    public record Result(
            long events,
            Map<TopicPartition, Long> end,
            long changelogRecords,
            long nanos,
            Map<String, Long> counts,
            Map<String, Long> applied) {
        public double eventsPerSecond() {
            return events * 1e9 / Math.max(1, nanos);
        }

        /** Events not applied: skipped as undecodable, of an unknown type, duplicates, before the opening. */
        public Map<String, Long> skipped() {
            final Map<String, Long> skipped = new TreeMap<>(counts);
            skipped.remove(ProjectionMetrics.APPLIED);
            return skipped;
        }
    }

    /**
     * Builds the state of the projection {@code config} (its application id is the generation's) from the whole
     * events topic, read with {@code codec}.
     *
     * @throws IllegalStateException if the events topic does not start at offset 0 (archived or expired events: use
     *     a replay from the archive), a changelog topic exists already, or a write fails
     */
    public static Result run(final ProjectionServiceConfig config, final AvroCodec codec) throws InterruptedException {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final ProjectionMetrics metrics = new ProjectionMetrics(registry);
        final long start = System.nanoTime();
        final String applicationId = config.applicationId();
        final String events = config.topics().events();
        try (Admin admin = Admin.create(config.common().kafka());
                KafkaConsumer<String, byte[]> consumer = consumer(config);
                KafkaProducer<byte[], byte[]> producer = producer(config)) {
            final List<TopicPartition> partitions = consumer.partitionsFor(events).stream()
                    .map(info -> new TopicPartition(events, info.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("the events topic " + events + " has no partitions here");
            }
            final Map<TopicPartition, Long> first = consumer.beginningOffsets(partitions);
            first.forEach((partition, offset) -> {
                if (offset > 0) {
                    throw new IllegalStateException(partition + " starts at offset " + offset + ", not 0: events were "
                            + "archived or expired; rebuild from the archive instead (rebuild start --archive)");
                }
            });
            // read_committed: the last stable offsets, as the instances will read
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            createChangelogs(admin, config, partitions.size());

            final ChangelogWrites writes = new ChangelogWrites(producer);
            final EventDecoder decoder = new EventDecoder(codec, metrics);
            final ApplyTracing tracing = new ApplyTracing(Tracing.off());
            final TransfersProcessor transfers = new TransfersProcessor(metrics, AppliedEvents.NONE, tracing);
            final List<BufferedChangelogStore<?, ?>> transferStores = new ArrayList<>();
            for (final ProjectionStores.Spec<?, ?> spec : ProjectionStores.transfers()) {
                transferStores.add(store(spec, applicationId, null, Integer.MAX_VALUE, value -> false, null, writes));
            }
            transfers.init(storeLookup(transferStores));
            final int threads = Math.min(partitions.size(), Runtime.getRuntime().availableProcessors());
            final ExecutorService workers = Executors.newFixedThreadPool(threads, named(applicationId));
            // the largest first, each to the next worker free: the last partitions read are the smallest, so the
            // workers finish together rather than one reading on alone
            final Queue<TopicPartition> unread = new PriorityBlockingQueue<>(
                    partitions.size(), Comparator.comparing(end::get).reversed());
            unread.addAll(partitions);
            final List<Future<Long>> shares = new ArrayList<>();
            try {
                for (int n = 0; n < threads; n++) {
                    shares.add(workers.submit(
                            () -> readAll(config, unread, end, decoder, metrics, tracing, writes, transfers)));
                }
                long read = 0;
                for (final Future<Long> share : shares) {
                    read += done(share);
                }
                transferStores.forEach(BufferedChangelogStore::flush);
                producer.flush();
                writes.check();
                final Map<String, Long> counts = counts(registry, null);
                final long unknown = counts.getOrDefault(ProjectionMetrics.UNKNOWN, 0L);
                if (unknown > 0) {
                    // the service may know what this reader does not (a registry, a newer schema): not a state to serve
                    throw new IllegalStateException(unknown + " event(s) of a type or schema id this build cannot read"
                            + " (is the registry configured, is this the services' version?): the group of "
                            + applicationId + " is not committed");
                }
                commit(admin, applicationId, end);
                return new Result(
                        read,
                        end,
                        writes.count.get(),
                        System.nanoTime() - start,
                        counts,
                        counts(registry, ProjectionMetrics.APPLIED));
            } finally {
                workers.shutdownNow();
            }
        }
    }

    /**
     * Partitions taken from {@code unread} until none is left, one at a time: only that partition's accounts are
     * held, and written when it is done. The transfers model is shared by the workers, one event at a time.
     */
    private static long readAll(
            final ProjectionServiceConfig config,
            final Queue<TopicPartition> unread,
            final Map<TopicPartition, Long> end,
            final EventDecoder decoder,
            final ProjectionMetrics metrics,
            final ApplyTracing tracing,
            final ChangelogWrites writes,
            final TransfersProcessor transfers) {
        long read = 0;
        try (KafkaConsumer<String, byte[]> consumer = consumer(config)) {
            for (TopicPartition partition = unread.poll(); partition != null; partition = unread.poll()) {
                final Task task = new Task(config, partition.partition(), decoder, metrics, tracing, writes);
                read += read(consumer, partition, end.get(partition), task.projector, transfers, writes);
                task.stores.forEach(BufferedChangelogStore::flush);
            }
        }
        return read;
    }

    private static long done(final Future<Long> share) throws InterruptedException {
        try {
            return share.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static ThreadFactory named(final String applicationId) {
        final AtomicLong count = new AtomicLong();
        return work -> {
            final Thread thread = new Thread(work, applicationId + "-bulk-build-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Each counter's total ({@code name} null), or the per-view counts of counter {@code name}. */
    private static Map<String, Long> counts(final SimpleMeterRegistry registry, final String name) {
        final Map<String, Long> counts = new TreeMap<>();
        for (final Meter meter : registry.getMeters()) {
            if (meter instanceof Counter counter
                    && counter.count() > 0
                    && (name == null || name.equals(meter.getId().getName()))) {
                final String key = name == null
                        ? meter.getId().getName()
                        : String.valueOf(meter.getId().getTag(ProjectionMetrics.VIEW));
                counts.merge(key, (long) counter.count(), Long::sum);
            }
        }
        return counts;
    }

    /** Projects {@code partition} from its start to {@code end}; the number of records read. */
    private static long read(
            final KafkaConsumer<String, byte[]> consumer,
            final TopicPartition partition,
            final long end,
            final AccountProjector projector,
            final TransfersProcessor transfers,
            final ChangelogWrites writes) {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long read = 0;
        long progressAt = System.nanoTime();
        long position = consumer.position(partition);
        while (position < end) {
            final var records = consumer.poll(POLL);
            final long now = consumer.position(partition);
            if (now > position) {
                position = now;
                progressAt = System.nanoTime();
            } else if (System.nanoTime() - progressAt > STALLED.toNanos()) {
                throw new IllegalStateException("no progress reading " + partition + " for " + STALLED);
            }
            for (final ConsumerRecord<String, byte[]> consumed : records) {
                if (consumed.offset() >= end) {
                    break;
                }
                read++;
                final Record<String, byte[]> record = new Record<>(
                        consumed.key(), consumed.value(), Math.max(0, consumed.timestamp()), consumed.headers());
                projector
                        .project(record, Optional.of(new Source(consumed)))
                        .flatMap(event -> ReadModelProcessor.transfer(record, event))
                        .ifPresent(transfer -> {
                            synchronized (transfers) {
                                transfers.process(transfer);
                            }
                        });
            }
            writes.check();
        }
        return read;
    }

    /** The account stores and read models of one partition: what task 0_p of the topology holds. */
    private static final class Task {
        final List<BufferedChangelogStore<?, ?>> stores = new ArrayList<>();
        final AccountProjector projector;

        Task(
                final ProjectionServiceConfig config,
                final int partition,
                final EventDecoder decoder,
                final ProjectionMetrics metrics,
                final ApplyTracing tracing,
                final ChangelogWrites writes) {
            for (final ProjectionStores.Spec<?, ?> spec : ProjectionStores.accounts()) {
                stores.add(store(
                        spec,
                        config.applicationId(),
                        partition,
                        capacity(spec.name()),
                        finished(spec.name()),
                        account(spec.name()),
                        writes));
            }
            projector = new AccountProjector(
                    decoder, metrics, Integer.MAX_VALUE, AppliedEvents.NONE, tracing, true, INDEX_RUN);
            projector.init(storeLookup(stores));
        }

        private static int capacity(final String store) {
            return switch (store) {
                case StoreNames.EVENT_INDEX -> HELD_RUNS;
                case StoreNames.MONTHLY_SNAPSHOTS -> HELD_MONTHS;
                default -> Integer.MAX_VALUE;
            };
        }

        /**
         * A month's account: events come in version order and months never go back, so once an account's next month
         * starts, the one before cannot change any more. (An event-index run ends when full, written at once, or when
         * written out to make room; the other stores hold one key per account or transfer.)
         */
        private static Function<Object, Object> account(final String store) {
            return store.equals(StoreNames.MONTHLY_SNAPSHOTS) ? key -> ((MonthKey) key).accountId() : null;
        }

        /** A full event-index run is final: written at once rather than held. */
        private static Predicate<Object> finished(final String store) {
            return store.equals(StoreNames.EVENT_INDEX)
                    ? value -> value instanceof IndexRun run
                            && (run.entries().size() >= INDEX_RUN || run.eventBytes() >= INDEX_RUN_BYTES)
                    : value -> false;
        }
    }

    private static <K, V> BufferedChangelogStore<K, V> store(
            final ProjectionStores.Spec<K, V> spec,
            final String applicationId,
            final Integer partition,
            final int capacity,
            final Predicate<Object> finished,
            final Function<Object, Object> group,
            final ChangelogWrites writes) {
        return new BufferedChangelogStore<>(spec, applicationId, partition, capacity, finished, group, writes);
    }

    private static StoreLookup storeLookup(final List<BufferedChangelogStore<?, ?>> stores) {
        return new StoreLookup() {
            @Override
            @SuppressWarnings("unchecked") // the read models ask for their own stores by name, with their own types
            public <S extends org.apache.kafka.streams.processor.StateStore> S store(final String name) {
                return (S) stores.stream()
                        .filter(store -> store.name().equals(name))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no store " + name));
            }
        };
    }

    /** The changelogs Kafka Streams would create: compacted, one partition per task, the services' durability. */
    private static void createChangelogs(final Admin admin, final ProjectionServiceConfig config, final int partitions)
            throws InterruptedException {
        final List<NewTopic> topics = new ArrayList<>();
        final List<ProjectionStores.Spec<?, ?>> specs = new ArrayList<>(ProjectionStores.accounts());
        specs.addAll(ProjectionStores.transfers());
        for (final ProjectionStores.Spec<?, ?> spec : specs) {
            final Map<String, String> configs = new HashMap<>(Durability.topicConfigs(
                    config.replicationFactor(), config.common().minInsyncReplicas()));
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            topics.add(new NewTopic(spec.changelog(config.applicationId()), partitions, config.replicationFactor())
                    .configs(configs));
        }
        try {
            admin.createTopics(topics).all().get();
            // the partitions' leaders answering, not only named in the metadata: the idempotent producer's first
            // batch refused as NOT_LEADER while its next ones were taken left it out of sequence for good
            final Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (final NewTopic topic : topics) {
                for (int p = 0; p < partitions; p++) {
                    ends.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
                }
            }
            awaitLeaders(admin, ends);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot create the changelog topics of " + config.applicationId() + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    /** Until every partition's leader answers: a topic just created may be unknown to the broker asked for a while. */
    private static void awaitLeaders(final Admin admin, final Map<TopicPartition, OffsetSpec> partitions)
            throws InterruptedException, ExecutionException {
        final long deadline = System.nanoTime() + LEADERS.toNanos();
        while (true) {
            try {
                admin.listOffsets(partitions).all().get();
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(LEADERS_RETRY.toMillis());
            }
        }
    }

    private static void commit(final Admin admin, final String group, final Map<TopicPartition, Long> end)
            throws InterruptedException {
        final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        end.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
        try {
            admin.alterConsumerGroupOffsets(group, offsets).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot commit the offsets of " + group + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(final ProjectionServiceConfig config) {
        final Map<String, Object> props = new HashMap<>(config.common().kafka());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        // a worker's next partition is fetched only once the fetch already sent for the one it finished returns,
        // and that fetch, at the partition's end, waits this long for records that do not come
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-bulk-build");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static KafkaProducer<byte[], byte[]> producer(final ProjectionServiceConfig config) {
        final Map<String, Object> props = new HashMap<>(config.common().kafka());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // in order and once per partition, with five requests in flight (one in flight took 1.4 times as long)
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // transfers go to the partition of their transferId as the transfers-by-id topic's default partitioning does
        props.remove(ProducerConfig.PARTITIONER_CLASS_CONFIG);
        props.put(ProducerConfig.PARTITIONER_IGNORE_KEYS_CONFIG, false);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 1024 * 1024);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-bulk-build");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The changelog records in flight: counted, and the first failure kept to fail the build. */
    private static final class ChangelogWrites implements BufferedChangelogStore.Sink {
        private final KafkaProducer<byte[], byte[]> producer;
        private final AtomicLong count = new AtomicLong();
        private final AtomicReference<Exception> failure = new AtomicReference<>();

        ChangelogWrites(final KafkaProducer<byte[], byte[]> producer) {
            this.producer = producer;
        }

        @Override
        public void send(final String topic, final Integer partition, final byte[] key, final byte[] value) {
            producer.send(new ProducerRecord<>(topic, partition, key, value), (metadata, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
            });
            count.incrementAndGet();
        }

        void check() {
            final Exception e = failure.get();
            if (e != null) {
                throw new IllegalStateException("a changelog write failed: " + e.getMessage(), e);
            }
        }
    }

    /** Where a record was read, for the decoder's log lines. */
    private record Source(String topic, int partition, long offset) implements RecordMetadata {
        Source(final ConsumerRecord<?, ?> record) {
            this(record.topic(), record.partition(), record.offset());
        }
    }
}
