package dev.kes.client.events;

import dev.kes.schemas.contract.DefaultTopics;
import dev.kes.schemas.registry.Codecs;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.UnknownSchemaException;
import dev.kes.schemas.upcast.Upcasters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream app's way into the events topic (read_committed): typed, upcasted {@link SubscribedEvent}s in each
 * partition's order, checkpointed after the handler returns (at-least-once).
 *
 * <p>Start: {@code fromBeginning()} (default), {@code fromInstant(t)} (each partition's first event at or after t)
 * or {@code from(position)}. With a {@code groupId} the consumer group's committed offsets win over the start for
 * the partitions that have them, and partitions are shared with the group's other members; without one, every
 * partition is read and nothing is committed. An {@link OffsetSource} wins over both.
 *
 * <p>Unknown event types (a newer producer's) are skipped and counted ({@link #skippedUnknown()}), and so are records
 * in schema-registry framing whose id the registry does not know, or that arrive without {@code schema.registry.url};
 * a record that cannot be decoded stops the subscription with an {@link EventDecodeException}, a registry that cannot
 * be reached with a {@link dev.kes.schemas.registry.SchemaRegistryException} naming its URL (not the record's fault).
 *
 * <pre>{@code
 * try (EventSubscription subscription = EventSubscription.builder()
 *         .kafka(Map.of("bootstrap.servers", "broker:9092"))
 *         .groupId("statements")
 *         .handler(event -> System.out.println(event.type() + " " + event.accountId() + " v" + event.version()))
 *         .build()) {
 *     subscription.run(); // until close(), from any thread
 * }
 * }</pre>
 *
 * <p>{@link #run()} reads on the calling thread (or {@link #start()} on a thread of its own); the handlers are called
 * on that thread, one poll after the other. {@link #close()}, {@link #position()} and {@link #skippedUnknown()} may be
 * called from any thread.
 */
public final class EventSubscription implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventSubscription.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration METADATA_RETRY = Duration.ofMillis(500);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private enum State {
        NEW,
        RUNNING,
        CLOSED
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final String groupId;
    private final Start start;
    private final OffsetSource offsetSource;
    private final EventHandler handler;
    private final BatchHandler batchHandler;
    private final Duration partitionDiscovery;
    private final EventDecoder decoder;

    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final CountDownLatch closeRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Thread runner;
    private volatile Position position;
    private volatile long skippedUnknown;

    // the reading thread's own: the next offset per partition read so far, and what the handlers returned for
    private final TreeMap<Integer, Long> cursor = new TreeMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> handled = new HashMap<>();
    private Exception assignmentFailure;
    private long nextDiscovery;

    private EventSubscription(final Builder builder) {
        this.topic = builder.topic;
        this.groupId =
                builder.groupId != null ? builder.groupId : (String) builder.kafka.get(ConsumerConfig.GROUP_ID_CONFIG);
        this.start = builder.start;
        this.offsetSource = builder.offsetSource;
        this.handler = builder.handler;
        this.batchHandler = builder.batchHandler;
        this.partitionDiscovery = builder.partitionDiscovery;
        this.decoder = new EventDecoder(codecFor(builder.kafka), Upcasters.shipped());
        this.position = start instanceof Start.AtPosition at ? at.position() : Position.beginning();
        this.consumer = new KafkaConsumer<>(
                consumerProperties(builder.kafka, groupId), new StringDeserializer(), new ByteArrayDeserializer());
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The one place that decides how event bytes are read, from the application's Kafka properties: both framings,
     * with schema ids looked up in {@code schema.registry.url} if it is given (checked here, so a wrong URL fails
     * {@code build()} naming it).
     */
    private static AvroCodec codecFor(final Map<String, Object> kafka) {
        return Codecs.forReading(kafka);
    }

    static Map<String, Object> consumerProperties(final Map<String, Object> kafka, final String groupId) {
        final Map<String, Object> props = Codecs.withoutRegistrySettings(kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // only for an offset that no longer exists (retention); every start is sought explicitly
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        if (groupId == null) {
            props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        } else {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        return props;
    }

    /**
     * Reads and delivers until {@link #close()}; rethrows a handler's exception, an {@link EventDecodeException} or
     * the registry's exception when it cannot look a schema id up.
     * What the handlers returned for is committed (with a group) before it returns or throws; the event whose handler
     * threw is not.
     *
     * @throws IllegalStateException if it is already running or has run
     */
    public void run() throws Exception {
        if (!state.compareAndSet(State.NEW, State.RUNNING)) {
            if (state.get() == State.CLOSED && runner == null) {
                return; // closed before it ran
            }
            throw new IllegalStateException("this subscription is already running or has run; build a new one");
        }
        runner = Thread.currentThread();
        Exception failure = null;
        try {
            if (groupId == null) {
                assign(awaitPartitions());
            } else {
                consumer.subscribe(List.of(topic), new Rebalance());
            }
            while (running()) {
                final ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                if (assignmentFailure != null) {
                    throw assignmentFailure;
                }
                deliver(records);
                commitHandled();
                if (groupId == null) {
                    discoverPartitions();
                }
            }
        } catch (WakeupException e) {
            if (running()) {
                failure = e;
                throw e;
            }
        } catch (Exception e) {
            failure = e;
            throw e;
        } finally {
            state.set(State.CLOSED);
            shutDown(failure);
        }
    }

    /** Commits what was handled and closes the consumer; a failure to do so is added to the one being thrown. */
    private void shutDown(final Exception failure) {
        try {
            commitHandled();
        } catch (RuntimeException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            } else {
                LOG.warn("could not commit the last handled events of {} before closing: {}", topic, e.toString());
            }
        }
        try {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        } catch (RuntimeException e) {
            LOG.warn("closing the consumer of {} failed: {}", topic, e.toString());
        }
        finished.countDown();
    }

    /**
     * Runs {@link #run()} on a daemon thread named for the topic.
     *
     * @return completes when the subscription stops: normally after {@link #close()}, exceptionally with what
     *     {@code run()} threw (also logged)
     */
    public CompletableFuture<Void> start() {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final Thread thread = new Thread(
                () -> {
                    try {
                        run();
                        done.complete(null);
                    } catch (Throwable e) {
                        LOG.error("the subscription to {} stopped", topic, e);
                        done.completeExceptionally(e);
                    }
                },
                "kes-events-" + topic);
        thread.setDaemon(true);
        thread.start();
        return done;
    }

    /** Events skipped because no current class reads their writer schema. */
    public long skippedUnknown() {
        return skippedUnknown;
    }

    /**
     * Where the subscription stands: after the last event a handler returned for, and at the start of each partition
     * it was assigned but has not read from yet (for a group member: the partitions it has been assigned).
     */
    public Position position() {
        return position;
    }

    /**
     * Stops {@link #run()} (from any thread) and closes the consumer. From another thread it waits until
     * {@code run()} has committed and closed (at most 30 s); from a handler, {@code run()} stops once that handler
     * returns, and the event is committed like any other.
     */
    @Override
    public void close() {
        final State before = state.getAndSet(State.CLOSED);
        closeRequested.countDown();
        if (before == State.NEW) {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            finished.countDown();
            return;
        }
        if (before == State.CLOSED && runner == null || Thread.currentThread() == runner) {
            return; // closed twice before it ran, or from a handler: run() stops once the handler returns
        }
        consumer.wakeup();
        try {
            if (!finished.await(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("the subscription to {} did not stop within {}", topic, CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean running() {
        return state.get() == State.RUNNING;
    }

    private void deliver(final ConsumerRecords<String, byte[]> records) throws Exception {
        if (records.isEmpty()) {
            return;
        }
        final List<TopicPartition> partitions = new ArrayList<>(records.partitions());
        partitions.sort(Comparator.comparingInt(TopicPartition::partition));
        if (batchHandler != null) {
            deliverBatch(records, partitions);
            return;
        }
        for (final TopicPartition partition : partitions) {
            for (final ConsumerRecord<String, byte[]> record : records.records(partition)) {
                if (!running()) {
                    return;
                }
                final SubscribedEvent event = next(record);
                if (event != null) {
                    handler.handle(event);
                }
                handled(record);
            }
        }
    }

    /**
     * The poll's events to the batch handler at once. Up to a record that cannot be decoded, the events before it
     * are still handed over (and checkpointed), so the stop is exactly at that record.
     */
    private void deliverBatch(final ConsumerRecords<String, byte[]> records, final List<TopicPartition> partitions)
            throws Exception {
        final List<SubscribedEvent> batch = new ArrayList<>(records.count());
        final List<ConsumerRecord<String, byte[]>> read = new ArrayList<>(records.count());
        try {
            for (final TopicPartition partition : partitions) {
                for (final ConsumerRecord<String, byte[]> record : records.records(partition)) {
                    final SubscribedEvent event = next(record);
                    if (event != null) {
                        batch.add(event);
                    }
                    read.add(record);
                }
            }
        } catch (EventDecodeException e) {
            handleBatch(batch, read);
            throw e;
        }
        handleBatch(batch, read);
    }

    private void handleBatch(final List<SubscribedEvent> batch, final List<ConsumerRecord<String, byte[]>> read)
            throws Exception {
        if (!batch.isEmpty()) {
            batchHandler.handle(List.copyOf(batch));
        }
        read.forEach(this::handled);
    }

    /**
     * The record as an event, advancing the cursor past it; null for a record to skip (tombstone, unknown type).
     *
     * @throws EventDecodeException if it cannot be decoded
     */
    private SubscribedEvent next(final ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            cursor.put(record.partition(), record.offset() + 1);
            return null;
        }
        final SpecificRecord event;
        try {
            event = decoder.read(record);
        } catch (UnknownSchemaException e) {
            skippedUnknown++;
            LOG.warn(
                    "skipped the record at {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            cursor.put(record.partition(), record.offset() + 1);
            return null;
        }
        cursor.put(record.partition(), record.offset() + 1);
        return EventDecoder.describe(event, record, new Position(cursor));
    }

    /** The handlers are done with this record: it is checkpointed with the next commit. */
    private void handled(final ConsumerRecord<String, byte[]> record) {
        handled.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
        position = position.after(record.partition(), record.offset());
    }

    /** Commits, synchronously, what the handlers returned for (with a group); a close() meanwhile does not stop it. */
    private void commitHandled() {
        if (groupId == null || handled.isEmpty()) {
            handled.clear();
            return;
        }
        final Map<TopicPartition, OffsetAndMetadata> offsets = Map.copyOf(handled);
        while (true) {
            try {
                consumer.commitSync(offsets);
                handled.keySet().removeAll(offsets.keySet());
                return;
            } catch (WakeupException e) {
                // close() asked run() to stop: the commit of what was handled still has to happen
            } catch (RebalanceInProgressException e) {
                // kept: committed when the partitions are revoked, or with the next batch if they stay
                LOG.info("commit of {} deferred by a rebalance in progress", offsets);
                return;
            } catch (CommitFailedException e) {
                // the group gave the partitions to another member: it reads them again from the last commit
                LOG.warn(
                        "commit of {} refused, the partitions were reassigned; their events since the last commit "
                                + "will be delivered again: {}",
                        offsets,
                        e.getMessage());
                handled.clear();
                return;
            }
        }
    }

    /** Seeks each newly assigned partition to its start: OffsetSource, else the group's commit, else the start. */
    private void startPartitions(final Collection<TopicPartition> partitions) throws Exception {
        if (partitions.isEmpty()) {
            return;
        }
        final Map<TopicPartition, Long> next = new HashMap<>();
        if (offsetSource != null) {
            final Set<Integer> numbers = new HashSet<>();
            partitions.forEach(partition -> numbers.add(partition.partition()));
            final Map<Integer, Long> given = offsetSource.nextOffsets(Set.copyOf(numbers));
            if (given != null) {
                for (final TopicPartition partition : partitions) {
                    final Long offset = given.get(partition.partition());
                    if (offset != null) {
                        if (offset < 0) {
                            throw new IllegalArgumentException("the OffsetSource gave offset " + offset
                                    + " for partition " + partition.partition() + " of " + topic);
                        }
                        next.put(partition, offset);
                    }
                }
            }
        }
        if (groupId != null) {
            final Set<TopicPartition> uncovered = new HashSet<>(partitions);
            uncovered.removeAll(next.keySet());
            if (!uncovered.isEmpty()) {
                consumer.committed(uncovered).forEach((partition, committed) -> {
                    if (committed != null) {
                        next.put(partition, committed.offset());
                    }
                });
            }
        }
        final List<TopicPartition> fromStart =
                partitions.stream().filter(p -> !next.containsKey(p)).toList();
        start.seek(consumer, fromStart);
        next.forEach(consumer::seek);
        for (final TopicPartition partition : partitions) {
            cursor.put(partition.partition(), consumer.position(partition));
        }
        position = new Position(cursor);
        LOG.info("reading {} from {}", topic, position);
    }

    /** All partitions of the topic, waiting while it does not exist yet. */
    private List<TopicPartition> awaitPartitions() throws InterruptedException {
        while (running()) {
            final List<TopicPartition> partitions = partitionsNow();
            if (!partitions.isEmpty()) {
                return partitions;
            }
            LOG.warn("events topic {} does not exist yet; waiting for it", topic);
            closeRequested.await(METADATA_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
        return List.of();
    }

    /** Asks the cluster, not the consumer's cache, which may be minutes old. */
    private List<TopicPartition> partitionsNow() {
        try {
            return consumer.listTopics(Duration.ofSeconds(10)).getOrDefault(topic, List.of()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warn("cannot read the partitions of {}: {}", topic, e.toString());
            return List.of();
        }
    }

    private void assign(final List<TopicPartition> partitions) throws Exception {
        consumer.assign(partitions);
        startPartitions(partitions);
        nextDiscovery = System.nanoTime() + partitionDiscovery.toNanos();
    }

    /** Without a group nobody tells the consumer that the topic grew: look now and then, and read the new ones. */
    private void discoverPartitions() throws Exception {
        if (System.nanoTime() - nextDiscovery < 0) {
            return;
        }
        nextDiscovery = System.nanoTime() + partitionDiscovery.toNanos();
        final Set<TopicPartition> assigned = consumer.assignment();
        final List<TopicPartition> added =
                partitionsNow().stream().filter(p -> !assigned.contains(p)).toList();
        if (!added.isEmpty()) {
            final List<TopicPartition> all = new ArrayList<>(assigned);
            all.addAll(added);
            consumer.assign(all); // the partitions already assigned keep their positions
            startPartitions(added);
        }
    }

    /** Commits before partitions go, positions the ones that come; runs inside poll() on the reading thread. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(final Collection<TopicPartition> partitions) {
            commitHandled();
        }

        @Override
        public void onPartitionsLost(final Collection<TopicPartition> partitions) {
            // no longer ours to commit: another member reads them from the group's last commit
            handled.keySet().removeAll(partitions);
        }

        @Override
        public void onPartitionsAssigned(final Collection<TopicPartition> partitions) {
            if (assignmentFailure != null) {
                return;
            }
            try {
                startPartitions(partitions);
            } catch (WakeupException e) {
                throw e;
            } catch (Exception e) {
                // thrown by run() right after this poll, before a record of these partitions is delivered
                assignmentFailure = e;
            }
        }
    }

    public static final class Builder {
        private Map<String, Object> kafka;
        private String topic = DefaultTopics.EVENTS;
        private String groupId;
        private Start start = new Start.Beginning();
        private OffsetSource offsetSource;
        private EventHandler handler;
        private BatchHandler batchHandler;
        private Duration partitionDiscovery = Duration.ofMinutes(1);

        private Builder() {}

        /** Kafka client properties: at least {@code bootstrap.servers}; {@code schema.registry.url} if used. */
        public Builder kafka(final Map<String, Object> properties) {
            this.kafka = Map.copyOf(Objects.requireNonNull(properties, "properties"));
            return this;
        }

        /** The events topic; {@code account-events} by default. */
        public Builder topic(final String topic) {
            this.topic = Objects.requireNonNull(topic, "topic");
            return this;
        }

        /**
         * Checkpoint in this consumer group and share partitions with its other members. A {@code group.id} in the
         * Kafka properties counts as this.
         */
        public Builder groupId(final String groupId) {
            this.groupId = Objects.requireNonNull(groupId, "groupId");
            return this;
        }

        /** Every partition from its beginning (the default). */
        public Builder fromBeginning() {
            this.start = new Start.Beginning();
            return this;
        }

        /**
         * Each partition from its first event appended at or after the instant (by record timestamp); a partition
         * with none from its end.
         */
        public Builder fromInstant(final Instant instant) {
            this.start = new Start.AtInstant(Objects.requireNonNull(instant, "instant"));
            return this;
        }

        /** Right after a position, e.g. {@link SubscribedEvent#position()} of the last event handled. */
        public Builder from(final Position position) {
            this.start = new Start.AtPosition(Objects.requireNonNull(position, "position"));
            return this;
        }

        /** Where to start each assigned partition, winning over the group's commits and the start. */
        public Builder offsets(final OffsetSource source) {
            this.offsetSource = Objects.requireNonNull(source, "source");
            return this;
        }

        /** Called for each event; exactly one of this and {@link #batchHandler} is required. */
        public Builder handler(final EventHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** Called with the events of each poll; exactly one of this and {@link #handler} is required. */
        public Builder batchHandler(final BatchHandler handler) {
            this.batchHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** Without a group: how often to look for partitions added to the topic (1 min by default). */
        public Builder partitionDiscoveryInterval(final Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("the partition discovery interval must be positive: " + interval);
            }
            this.partitionDiscovery = interval;
            return this;
        }

        /**
         * @throws IllegalStateException without Kafka properties naming {@code bootstrap.servers}, or without exactly
         *     one of {@link #handler} and {@link #batchHandler}
         */
        public EventSubscription build() {
            if (kafka == null || !kafka.containsKey(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
                throw new IllegalStateException(
                        "an EventSubscription needs kafka(...) properties with bootstrap.servers");
            }
            if ((handler == null) == (batchHandler == null)) {
                throw new IllegalStateException("an EventSubscription needs exactly one of handler(...) and "
                        + "batchHandler(...), " + (handler == null ? "got neither" : "got both"));
            }
            if (topic.isBlank()) {
                throw new IllegalStateException("an EventSubscription needs a topic name, not a blank one");
            }
            return new EventSubscription(this);
        }
    }
}
