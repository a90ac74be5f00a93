package dev.kes.projection.feed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one consumer that follows the end of the events topic for every live stream of this instance: each committed
 * record is decoded once and offered to each subscriber's bounded queue. It never waits for a subscriber: one whose
 * queue is full is dropped and told so ({@link Subscription#ended}), so a slow reader costs nobody else anything.
 * {@link #register} hands out the tail position under the same lock as the dispatch, so a new subscriber gets
 * exactly the records after that position.
 */
final class LiveTail implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveTail.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration START_WAIT = Duration.ofSeconds(30);
    /** The event after which an account's personal fields read as erased. */
    private static final String ERASURE = "PersonalDataErased";
    /** Offered to wake a subscriber up when its stream ends; never dispatched as an event. */
    static final FeedRecord END = new FeedRecord(null, new byte[0]);

    private final Consumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final FeedDecoder decoder;
    private final Runnable onOverflow;
    private final Thread thread;
    private final List<Subscription> subscribers = new ArrayList<>();
    private final TreeMap<Integer, Long> tail = new TreeMap<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile boolean running = true;

    /**
     * @param queueCapacity each subscriber's queue: a poll brings at most a quarter of it, so that one burst never
     *                      overflows a subscriber that keeps up
     */
    LiveTail(
            final FeedConsumers consumers,
            final FeedDecoder decoder,
            final int queueCapacity,
            final Runnable onOverflow) {
        this.onOverflow = onOverflow;
        this.consumer = consumers.dedicated(Math.max(1, Math.min(500, queueCapacity / 4)));
        this.partitions = consumers.partitions();
        this.decoder = decoder;
        // the end is looked up on the tail's thread: a topic created a moment ago may take seconds to answer
        // ListOffsets, which would otherwise delay the service's start
        this.thread = new Thread(this::run, "event-feed-tail");
        thread.setDaemon(true);
        thread.start();
    }

    /** A subscriber and the position after which its queue receives every record that passes its filter. */
    record Registration(Subscription subscription, Map<Integer, Long> after) {}

    Registration register(final EventFilter filter, final int capacity) {
        awaitStarted();
        synchronized (this) {
            return registered(filter, capacity);
        }
    }

    private Registration registered(final EventFilter filter, final int capacity) {
        final Subscription subscription = new Subscription(filter, capacity);
        if (!running) {
            subscription.end("the service is closing");
        } else {
            subscribers.add(subscription);
        }
        return new Registration(subscription, new TreeMap<>(tail));
    }

    synchronized void unregister(final Subscription subscription) {
        subscribers.remove(subscription);
    }

    /** Where the live tail stands now: per partition, the next offset it will dispatch. */
    Map<Integer, Long> position() {
        awaitStarted();
        synchronized (this) {
            return new TreeMap<>(tail);
        }
    }

    private void awaitStarted() {
        try {
            if (!started.await(START_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new FeedUnavailableException(
                        "the live event feed has not found the end of "
                                + partitions.get(0).topic() + " yet",
                        null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FeedUnavailableException("interrupted", e);
        }
    }

    /** True once closing: streams still catching up end too. */
    boolean closed() {
        return !running;
    }

    private void run() {
        while (running && started.getCount() > 0) {
            try {
                consumer.seekToEnd(partitions);
                final TreeMap<Integer, Long> end = new TreeMap<>();
                for (final TopicPartition partition : partitions) {
                    end.put(partition.partition(), consumer.position(partition, START_WAIT));
                }
                synchronized (this) {
                    tail.putAll(end);
                }
                started.countDown();
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                pauseAfter("find the end of", partitions.get(0).topic(), e);
            }
        }
        while (running) {
            final ConsumerRecords<String, byte[]> records;
            try {
                records = consumer.poll(POLL);
            } catch (WakeupException e) {
                break;
            } catch (RuntimeException e) {
                pauseAfter("read", partitions.get(0).topic(), e);
                continue;
            }
            dispatch(records);
        }
    }

    private synchronized void dispatch(final ConsumerRecords<String, byte[]> records) {
        if (!subscribers.isEmpty()) {
            for (final ConsumerRecord<String, byte[]> record : records) {
                final FeedRecord decoded = decoder.decode(record);
                if (ERASURE.equals(decoded.type())) {
                    // what was revealed before the erasure and is not sent yet goes out erased
                    subscribers.forEach(subscription -> subscription.erase(decoded.accountId(), decoder::erased));
                }
                for (final Iterator<Subscription> each = subscribers.iterator(); each.hasNext(); ) {
                    if (!each.next().offer(decoded)) {
                        each.remove();
                        onOverflow.run();
                    }
                }
            }
        }
        // after the records, and past transaction markers and aborted records, which poll() never returns
        for (final TopicPartition partition : partitions) {
            tail.put(partition.partition(), consumer.position(partition));
        }
    }

    /** Says what failed on the topic, then waits before the next attempt. */
    private void pauseAfter(final String failed, final String topic, final RuntimeException failure) {
        LOG.warn("the live event feed cannot {} {}; retrying in {}", failed, topic, RETRY, failure);
        try {
            Thread.sleep(RETRY.toMillis()); // backoff before the next attempt, not a synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            running = false;
            subscribers.forEach(subscription -> subscription.end("the service is closing"));
            subscribers.clear();
        }
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(5));
    }

    /** One live stream's queue; it ends when full (the subscriber is too slow) or when the service closes. */
    static final class Subscription {
        private final EventFilter filter;
        private final BlockingQueue<FeedRecord> queue;
        private volatile StreamEndedException ended;

        Subscription(final EventFilter filter, final int capacity) {
            this.filter = filter;
            this.queue = new ArrayBlockingQueue<>(capacity);
        }

        BlockingQueue<FeedRecord> queue() {
            return queue;
        }

        StreamEndedException ended() {
            return ended;
        }

        /** False when the subscriber has fallen a whole queue behind: it gets nothing more. */
        boolean offer(final FeedRecord record) {
            if (!filter.accepts(record)) {
                return true;
            }
            if (queue.offer(record)) {
                return true;
            }
            end("fell " + queue.size() + " events behind the live stream");
            return false;
        }

        /**
         * Re-renders the queued records of the account with {@code erase}, in their order. Called on the tail's
         * thread under its lock: nothing else adds to the queue meanwhile, so the order holds while the subscriber
         * keeps taking.
         */
        void erase(final String accountId, final UnaryOperator<FeedRecord> erase) {
            if (queue.isEmpty()) {
                return;
            }
            final List<FeedRecord> queued = new ArrayList<>(queue.size());
            queue.drainTo(queued);
            for (final FeedRecord record : queued) {
                queue.offer(record != END && accountId.equals(record.accountId()) ? erase.apply(record) : record);
            }
        }

        void end(final String reason) {
            ended = new StreamEndedException(reason);
            queue.offer(END); // wakes a waiting subscriber; a full queue has nothing to wait for anyway
        }
    }
}
