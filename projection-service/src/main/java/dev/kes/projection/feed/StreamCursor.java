package dev.kes.projection.feed;

import dev.kes.client.events.Position;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * A stream from a start position: its own consumer reads the older events until it has nearly reached the live
 * tail; then it registers with the {@link LiveTail} (whose queue takes every record after the tail's position of
 * that moment) and reads on to exactly that position; from then on it reads its queue. Records at offsets it has
 * already read are dropped, so nothing comes twice, and the registration position leaves no gap.
 */
final class StreamCursor implements EventCursor {
    private static final Duration CATCH_UP_POLL = Duration.ofMillis(100);
    private static final int DRAIN = 500;

    private final EventFilter filter;
    private final FeedConsumers consumers;
    private final FeedDecoder decoder;
    private final LiveTail tail;
    private final int queueCapacity;
    /** Per partition, the next offset not read yet, whether it passed the filter or not. */
    private final TreeMap<Integer, Long> read;

    private Position delivered;
    private Consumer<String, byte[]> catchUp;
    private Map<Integer, Long> target;
    private LiveTail.Subscription subscription;

    StreamCursor(
            final Position from,
            final EventFilter filter,
            final Consumer<String, byte[]> catchUp,
            final FeedConsumers consumers,
            final FeedDecoder decoder,
            final LiveTail tail,
            final int queueCapacity) {
        this.filter = filter;
        this.consumers = consumers;
        this.decoder = decoder;
        this.tail = tail;
        this.queueCapacity = queueCapacity;
        this.delivered = from;
        this.read = new TreeMap<>(from.nextOffsets());
        this.catchUp = catchUp;
        this.target = tail.position();
    }

    /** A stream from the live tail on: no catch-up. */
    static StreamCursor live(final LiveTail.Registration registration, final EventFilter filter, final LiveTail tail) {
        final StreamCursor cursor =
                new StreamCursor(Position.of(registration.after()), filter, null, null, null, tail, 0);
        cursor.subscription = registration.subscription();
        return cursor;
    }

    @Override
    public Position position() {
        return delivered;
    }

    @Override
    public List<StreamedEvent> next(final Duration wait) throws InterruptedException, StreamEndedException {
        if (subscription != null && subscription.ended() != null) {
            throw subscription.ended();
        }
        if (tail.closed()) {
            throw new StreamEndedException("the service is closing");
        }
        if (catchUp == null) {
            return liveStep(wait);
        }
        try {
            return catchUpStep(wait);
        } catch (KafkaException | FeedUnavailableException e) {
            throw new StreamEndedException("cannot read the events topic now (" + e.getMessage() + ")");
        }
    }

    private List<StreamedEvent> catchUpStep(final Duration wait) {
        if (reached(target)) {
            if (subscription == null && gap(tail.position()) > queueCapacity / 2) {
                target = tail.position(); // the tail moved on meanwhile: catch up on that first
            } else if (subscription == null) {
                final LiveTail.Registration registration = tail.register(filter, queueCapacity);
                subscription = registration.subscription();
                target = registration.after();
            }
            if (subscription != null && reached(target)) {
                consumers.giveBack(catchUp);
                catchUp = null;
                return List.of();
            }
        }
        final List<StreamedEvent> out = new ArrayList<>();
        for (final ConsumerRecord<String, byte[]> record :
                catchUp.poll(wait.compareTo(CATCH_UP_POLL) < 0 ? wait : CATCH_UP_POLL)) {
            if (fresh(record.partition(), record.offset())) {
                add(decoder.decode(record), out);
            }
        }
        return out;
    }

    private List<StreamedEvent> liveStep(final Duration wait) throws InterruptedException, StreamEndedException {
        final FeedRecord first = subscription.queue().poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        if (first == null) {
            return List.of();
        }
        final List<FeedRecord> batch = new ArrayList<>();
        batch.add(first);
        subscription.queue().drainTo(batch, DRAIN);
        final List<StreamedEvent> out = new ArrayList<>();
        for (final FeedRecord record : batch) {
            if (record == LiveTail.END) {
                if (out.isEmpty()) {
                    throw subscription.ended();
                }
                break; // deliver these first; the next call reports the end
            }
            if (fresh(record.partition(), record.offset())) {
                add(record, out);
            }
        }
        return out;
    }

    private boolean fresh(final int partition, final long offset) {
        if (offset < read.getOrDefault(partition, 0L)) {
            return false;
        }
        read.put(partition, offset + 1);
        return true;
    }

    private void add(final FeedRecord record, final List<StreamedEvent> out) {
        if (filter.accepts(record)) {
            delivered = delivered.after(record.partition(), record.offset());
            out.add(new StreamedEvent(record, delivered));
        }
    }

    private boolean reached(final Map<Integer, Long> wanted) {
        for (final TopicPartition partition : consumers.partitions()) {
            if (catchUp.position(partition) < wanted.getOrDefault(partition.partition(), 0L)) {
                return false;
            }
        }
        return true;
    }

    private long gap(final Map<Integer, Long> wanted) {
        long gap = 0;
        for (final TopicPartition partition : consumers.partitions()) {
            gap += Math.max(0, wanted.getOrDefault(partition.partition(), 0L) - catchUp.position(partition));
        }
        return gap;
    }

    @Override
    public void close() {
        if (subscription != null) {
            tail.unregister(subscription);
        }
        if (catchUp != null) {
            consumers.giveBack(catchUp);
            catchUp = null;
        }
    }
}
