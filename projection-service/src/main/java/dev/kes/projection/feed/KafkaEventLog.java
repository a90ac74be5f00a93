package dev.kes.projection.feed;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.client.events.InvalidPositionException;
import dev.kes.client.events.Position;
import dev.kes.projection.query.FeedEvent;
import dev.kes.projection.query.FeedPage;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.personal.PersonalData;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * {@link EventLog} on the events topic itself: pages and catch-ups read with short-lived positions on pooled
 * consumers ({@link FeedConsumers}), live streams come from the one {@link LiveTail}.
 */
public final class KafkaEventLog implements EventLog, AutoCloseable {
    /** How long a page polls for records it knows are committed (a broker that does not answer ends it sooner). */
    private static final Duration PAGE_WAIT = Duration.ofSeconds(1);

    private static final Duration POLL = Duration.ofMillis(100);

    private final FeedConsumers consumers;
    private final FeedDecoder decoder;
    private final LiveTail tail;
    private final int queueCapacity;
    private final AtomicBoolean closed = new AtomicBoolean();

    private KafkaEventLog(
            final FeedConsumers consumers,
            final FeedDecoder decoder,
            final int queueCapacity,
            final MeterRegistry registry) {
        this.consumers = consumers;
        this.decoder = decoder;
        this.queueCapacity = queueCapacity;
        final Counter overflows = Counter.builder("kes_event_streams_overflowed")
                .description("live event streams ended because their client fell a whole queue behind")
                .register(registry);
        this.tail = new LiveTail(consumers, decoder, queueCapacity, overflows::increment);
    }

    /**
     * Starts following the end of {@code topic} at once (live streams begin where it stands when they connect).
     *
     * @param kafka         the Kafka client properties (bootstrap servers, security)
     * @param codec         reads the events (both framings; the service's, over its registry if it has one)
     * @param queueCapacity events a live stream may be behind before it is ended
     * @param registry      where the streams ended for overflow are counted
     */
    public static KafkaEventLog start(
            final Map<String, Object> kafka,
            final String topic,
            final String clientId,
            final AvroCodec codec,
            final ObjectMapper mapper,
            final int queueCapacity,
            final MeterRegistry registry,
            final PersonalData personal) {
        final FeedConsumers consumers = new FeedConsumers(kafka, topic, clientId);
        try {
            return new KafkaEventLog(consumers, new FeedDecoder(codec, mapper, personal), queueCapacity, registry);
        } catch (RuntimeException e) {
            consumers.close();
            throw e;
        }
    }

    @Override
    public FeedPage page(final Position after, final int limit) {
        final Consumer<String, byte[]> consumer = consumers.borrow();
        boolean reusable = false;
        try {
            final Map<TopicPartition, Long> end = checked(after, consumer);
            seek(consumer, after);
            final TreeMap<Integer, Long> position = new TreeMap<>(after.nextOffsets());
            final Set<Integer> cut = new HashSet<>();
            final List<FeedEvent> events = new ArrayList<>();
            final long deadline = System.nanoTime() + PAGE_WAIT.toNanos();
            while (events.size() < limit && behind(consumer, end) && System.nanoTime() < deadline) {
                for (final ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (events.size() < limit) {
                        position.put(record.partition(), record.offset() + 1);
                        events.add(decoder.decode(record)
                                .event()
                                .at(Position.of(position).token()));
                    } else {
                        cut.add(record.partition()); // polled but not returned: the next page starts at it
                    }
                }
            }
            for (final TopicPartition partition : consumers.partitions()) {
                if (!cut.contains(partition.partition())) {
                    // past what was returned and past transaction markers and aborted records too
                    position.put(partition.partition(), consumer.position(partition));
                }
            }
            reusable = true;
            return new FeedPage(events, Position.of(position).token());
        } finally {
            if (reusable) {
                consumers.giveBack(consumer);
            } else {
                consumer.close(Duration.ofSeconds(5));
            }
        }
    }

    @Override
    public EventCursor open(final Position from, final EventFilter filter) {
        if (from == null) {
            return StreamCursor.live(tail.register(filter, queueCapacity), filter, tail);
        }
        final Consumer<String, byte[]> consumer = consumers.borrow();
        try {
            checked(from, consumer);
            seek(consumer, from);
        } catch (RuntimeException e) {
            consumer.close(Duration.ofSeconds(5));
            throw e;
        }
        return new StreamCursor(from, filter, consumer, consumers, decoder, tail, queueCapacity);
    }

    /** The partitions' committed ends, once {@code position} is known to be within them. */
    private Map<TopicPartition, Long> checked(final Position position, final Consumer<String, byte[]> consumer) {
        final int count = consumers.partitions().size();
        for (final int partition : position.nextOffsets().keySet()) {
            if (partition >= count) {
                throw new InvalidPositionException("the position names partition " + partition + ", but "
                        + consumers.topic() + " has partitions 0 to " + (count - 1));
            }
        }
        // read_committed: the last stable offset, the end of what any reader of committed events has seen
        final Map<TopicPartition, Long> end = consumer.endOffsets(consumers.partitions());
        position.nextOffsets().forEach((partition, offset) -> {
            final long last = end.get(new TopicPartition(consumers.topic(), partition));
            if (offset > last) {
                throw new InvalidPositionException("the position has offset " + offset + " for partition " + partition
                        + ", beyond its end " + last + " (a token from another topic?)");
            }
        });
        return end;
    }

    private void seek(final Consumer<String, byte[]> consumer, final Position position) {
        for (final TopicPartition partition : consumers.partitions()) {
            consumer.seek(partition, position.nextOffset(partition.partition()));
        }
    }

    private static boolean behind(final Consumer<String, byte[]> consumer, final Map<TopicPartition, Long> end) {
        return end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue());
    }

    /** Ends every live stream first (their requests return), then the consumers; again is a no-op. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            tail.close();
            consumers.close();
        }
    }
}
