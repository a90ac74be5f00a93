package dev.kes.projection.feed;

import dev.kes.client.events.Position;
import java.time.Duration;
import java.util.List;

/**
 * One subscriber's way through the events topic, from its start position on: older events first (caught up by its
 * own consumer), then the live ones. Used by one thread at a time.
 */
public interface EventCursor extends AutoCloseable {
    /** The position after the last event returned (the start position before any). */
    Position position();

    /**
     * The next events that pass the filter, waiting at most {@code wait} for one; empty when none came.
     *
     * @throws StreamEndedException when the subscriber fell too far behind or the service is closing
     */
    List<StreamedEvent> next(Duration wait) throws InterruptedException, StreamEndedException;

    @Override
    void close();
}
