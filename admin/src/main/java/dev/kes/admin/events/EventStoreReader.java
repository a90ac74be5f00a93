package dev.kes.admin.events;

import dev.kes.admin.kafka.OffsetRange;
import dev.kes.admin.kafka.TopicScan;
import dev.kes.schemas.serde.AvroCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The event store's "read all events": every event on account-events, decoded, from the beginning or from an
 * instant, across all partitions.
 *
 * <p>A read covers each partition from its start position up to the end offset it had when the read started, with
 * {@code read_committed}, so it sees exactly the committed events and always ends. Within a partition events come
 * in log order, which for one account is version order; partitions interleave (there is no global order in a
 * partitioned log). Records of a type this build does not know are skipped and counted ({@link ReadSummary}).
 *
 * <p>"From an instant" is a position in the log, as Kafka defines it: per partition, from the first record whose
 * timestamp (the event's occurredAt) is at or after the instant. After a backdated import a partition's timestamps
 * are not monotonic, so such a read may include events that occurred earlier, and leaves out earlier-positioned
 * events that occurred later.
 *
 * <pre>{@code
 * EventStoreReader reader = new EventStoreReader(Map.of("bootstrap.servers", "broker:9092"), "account-events");
 * ReadSummary summary = reader.forEachFrom(Instant.parse("2026-01-01T00:00:00Z"), event -> index(event));
 * List<StoredEvent> history = reader.readAccount("acc-1").events();
 * }</pre>
 *
 * Thread-safe; each read uses its own consumer.
 */
public final class EventStoreReader {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final TopicScan scan;
    private final String topic;
    private final AvroCodec codec;

    public EventStoreReader(final Map<String, ?> kafka, final String eventsTopic) {
        this(kafka, eventsTopic, DEFAULT_TIMEOUT);
    }

    /** @param timeout bound of each metadata call, and of the read going without any progress */
    public EventStoreReader(final Map<String, ?> kafka, final String eventsTopic, final Duration timeout) {
        this(kafka, eventsTopic, timeout, AvroCodec.shipped());
    }

    /** @param codec decodes the events (either framing; schema ids looked up in its registry, if it has one) */
    public EventStoreReader(
            final Map<String, ?> kafka, final String eventsTopic, final Duration timeout, final AvroCodec codec) {
        this.scan = new TopicScan(Objects.requireNonNull(kafka, "kafka"), timeout);
        this.topic = Objects.requireNonNull(eventsTopic, "eventsTopic");
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    public String topic() {
        return topic;
    }

    /** Hands every event, from the beginning of every partition, to {@code action}. */
    public ReadSummary forEach(final Consumer<? super StoredEvent> action) {
        return forEachFrom(null, action);
    }

    /**
     * Hands every event from {@code from} (see the class comment; null = the beginning) to {@code action}, on the
     * calling thread, as it is read: memory does not grow with the size of the store.
     */
    public ReadSummary forEachFrom(final Instant from, final Consumer<? super StoredEvent> action) {
        final EventDecoding decoding = new EventDecoding(codec);
        final long[] delivered = {0};
        final List<OffsetRange> ranges = scan.scan(topic, from, record -> {
            final Optional<StoredEvent> event = decoding.decode(record);
            if (event.isPresent()) {
                delivered[0]++;
                action.accept(event.get());
            }
        });
        return new ReadSummary(delivered[0], decoding.unknown(), decoding.malformed(), ranges);
    }

    /** Every event from {@code from} (null = the beginning), in memory. */
    public ReadResult readFrom(final Instant from) {
        final List<StoredEvent> events = new ArrayList<>();
        final ReadSummary summary = forEachFrom(from, events::add);
        return new ReadResult(events, summary);
    }

    /**
     * Every event of one account, in version order. It scans the whole topic and keeps the account's events: simple
     * and independent of how the account was partitioned, but as slow as reading everything.
     */
    public ReadResult readAccount(final String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        final List<StoredEvent> events = new ArrayList<>();
        final ReadSummary summary = forEachFrom(null, event -> {
            if (accountId.equals(event.accountId())) {
                events.add(event);
            }
        });
        // one account's events share a partition and are in version order already, unless the topic was
        // repartitioned; sorting (stable) makes the answer the same either way
        events.sort(Comparator.comparingLong(StoredEvent::version));
        return new ReadResult(
                events,
                new ReadSummary(events.size(), summary.skippedUnknown(), summary.skippedMalformed(), summary.ranges()));
    }
}
