package dev.kes.projection.feed;

import dev.kes.client.events.InvalidPositionException;
import dev.kes.client.events.Position;
import dev.kes.projection.query.FeedPage;

/**
 * The events topic as the HTTP layer sees it: committed events of every partition (not only those this instance's
 * Kafka Streams tasks own), read in each partition's order. Both methods throw {@link InvalidPositionException} for a
 * position that names a partition the topic does not have or an offset beyond a partition's committed end.
 */
public interface EventLog {
    /** Up to {@code limit} events after {@code after}; empty, with {@code after} as position, when none is there. */
    FeedPage page(Position after, int limit) throws InterruptedException;

    /** A cursor from {@code from}, or from the live end of the topic when null. */
    EventCursor open(Position from, EventFilter filter);
}
