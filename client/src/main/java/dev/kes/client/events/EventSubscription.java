package dev.kes.client.events;

import java.time.Instant;
import java.util.Map;

/**
 * A stream app's way into the events topic (read_committed): typed, upcasted {@link SubscribedEvent}s in each
 * partition's order, checkpointed after the handler returns (at-least-once).
 *
 * <p>Start: {@code fromBeginning()} (default), {@code fromInstant(t)} (each partition's first event at or after t)
 * or {@code from(position)}. With a {@code groupId} the consumer group's committed offsets win over the start for
 * the partitions that have them, and partitions are shared with the group's other members; without one, every
 * partition is read and nothing is committed. An {@link OffsetSource} wins over both.
 *
 * <p>Unknown event types (a newer producer's) are skipped and counted ({@link #skippedUnknown()}); a record that
 * cannot be decoded stops the subscription with an {@link EventDecodeException}.
 */
public final class EventSubscription implements AutoCloseable {

    private EventSubscription() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads and delivers until {@link #close()}; rethrows a handler's exception or an {@link EventDecodeException}. */
    public void run() throws Exception {
        throw new UnsupportedOperationException("scaffold: EventSubscription is being built");
    }

    /** Events skipped because no current class reads their writer schema. */
    public long skippedUnknown() {
        throw new UnsupportedOperationException("scaffold: EventSubscription is being built");
    }

    /** Stops {@link #run()} (from any thread) and closes the consumer. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("scaffold: EventSubscription is being built");
    }

    public static final class Builder {
        private Builder() {
        }

        /** Kafka client properties: at least {@code bootstrap.servers}; {@code schema.registry.url} if used. */
        public Builder kafka(final Map<String, Object> properties) {
            return this;
        }

        /** The events topic; {@code account-events} by default. */
        public Builder topic(final String topic) {
            return this;
        }

        /** Checkpoint in this consumer group and share partitions with its other members. */
        public Builder groupId(final String groupId) {
            return this;
        }

        public Builder fromBeginning() {
            return this;
        }

        public Builder fromInstant(final Instant instant) {
            return this;
        }

        public Builder from(final Position position) {
            return this;
        }

        public Builder offsets(final OffsetSource source) {
            return this;
        }

        public Builder handler(final EventHandler handler) {
            return this;
        }

        public Builder batchHandler(final BatchHandler handler) {
            return this;
        }

        public EventSubscription build() {
            throw new UnsupportedOperationException("scaffold: EventSubscription is being built");
        }
    }
}
