package dev.kes.client.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/** Where a subscription starts a partition that neither its {@link OffsetSource} nor its group has an offset for. */
sealed interface Start {

    /** Seeks each of the (assigned) partitions to its start. */
    void seek(Consumer<?, ?> consumer, Collection<TopicPartition> partitions);

    record Beginning() implements Start {
        @Override
        public void seek(final Consumer<?, ?> consumer, final Collection<TopicPartition> partitions) {
            // an empty collection would mean every assigned partition to the consumer
            if (!partitions.isEmpty()) {
                consumer.seekToBeginning(partitions);
            }
        }
    }

    /** Each partition's first record with a timestamp at or after the instant; its end when it has none. */
    record AtInstant(Instant instant) implements Start {
        @Override
        public void seek(final Consumer<?, ?> consumer, final Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            final Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(partition -> query.put(partition, instant.toEpochMilli()));
            final List<TopicPartition> none = new ArrayList<>();
            consumer.offsetsForTimes(query).forEach((partition, found) -> {
                if (found == null) {
                    none.add(partition);
                } else {
                    consumer.seek(partition, found.offset());
                }
            });
            if (!none.isEmpty()) {
                consumer.seekToEnd(none);
            }
        }
    }

    /**
     * The position's next offsets; a partition it does not name from its beginning. An offset beyond a partition's
     * end is refused: the token is another topic's or cluster's, and the consumer would silently re-read from the
     * beginning.
     */
    record AtPosition(Position position) implements Start {
        @Override
        public void seek(final Consumer<?, ?> consumer, final Collection<TopicPartition> partitions) {
            final List<TopicPartition> unnamed = new ArrayList<>();
            final List<TopicPartition> named = new ArrayList<>();
            for (final TopicPartition partition : partitions) {
                (position.nextOffsets().containsKey(partition.partition()) ? named : unnamed).add(partition);
            }
            final Map<TopicPartition, Long> ends = named.isEmpty() ? Map.of() : consumer.endOffsets(named);
            for (final TopicPartition partition : named) {
                final long next = position.nextOffsets().get(partition.partition());
                final Long end = ends.get(partition);
                if (end != null && next > end) {
                    throw new InvalidPositionException("position " + position.token() + " names offset " + next
                            + " of " + partition + ", beyond its end " + end
                            + ": a token of another topic or cluster?");
                }
                consumer.seek(partition, next);
            }
            new Beginning().seek(consumer, unnamed);
        }
    }
}
