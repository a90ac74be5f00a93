package dev.kes.client.events;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where a reader of the events topic stands: per partition, the offset of the next record to read. A partition
 * that is absent is read from its beginning. The {@link #token()} is the text form used by the subscription API,
 * {@code GET /events?after=} and SSE {@code id:}/{@code Last-Event-ID}: {@code partition:nextOffset} pairs joined by
 * commas, in partition order ({@code 0:124,1:46}); the empty token is the beginning of every partition.
 */
public record Position(SortedMap<Integer, Long> nextOffsets) {
    private static final Position BEGINNING = new Position(new TreeMap<>());

    public Position {
        Objects.requireNonNull(nextOffsets, "nextOffsets");
        final TreeMap<Integer, Long> copy = new TreeMap<>();
        nextOffsets.forEach((partition, offset) -> {
            if (partition == null || partition < 0 || offset == null || offset < 0) {
                throw new IllegalArgumentException(
                        "a position needs partitions and offsets >= 0, not " + partition + ":" + offset);
            }
            copy.put(partition, offset);
        });
        nextOffsets = Collections.unmodifiableSortedMap(copy);
    }

    /** The beginning of every partition. */
    public static Position beginning() {
        return BEGINNING;
    }

    public static Position of(final Map<Integer, Long> nextOffsets) {
        return new Position(new TreeMap<>(nextOffsets));
    }

    /**
     * Parses a {@link #token()}.
     *
     * @throws InvalidPositionException naming what is wrong with the text
     */
    public static Position parse(final String token) {
        if (token == null) {
            throw new InvalidPositionException("no position token");
        }
        final String text = token.strip();
        if (text.isEmpty()) {
            return BEGINNING;
        }
        if (text.length() > 16_384) {
            throw new InvalidPositionException("a position token of " + text.length() + " characters is too long");
        }
        final TreeMap<Integer, Long> offsets = new TreeMap<>();
        for (final String pair : text.split(",", -1)) {
            final int colon = pair.indexOf(':');
            if (colon <= 0 || colon == pair.length() - 1) {
                throw new InvalidPositionException(
                        "'" + pair + "' in position token '" + abbreviate(text) + "' is not partition:nextOffset");
            }
            final int partition;
            final long offset;
            try {
                partition = Integer.parseInt(pair.substring(0, colon));
                offset = Long.parseLong(pair.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new InvalidPositionException("'" + pair + "' in position token '" + abbreviate(text)
                        + "' is not partition:nextOffset with whole numbers");
            }
            if (partition < 0 || offset < 0) {
                throw new InvalidPositionException(
                        "'" + pair + "' in position token '" + abbreviate(text) + "' has a negative number");
            }
            if (offsets.put(partition, offset) != null) {
                throw new InvalidPositionException(
                        "partition " + partition + " appears twice in position token '" + abbreviate(text) + "'");
            }
        }
        return new Position(offsets);
    }

    /** The next offset to read of a partition: 0 (its beginning) when the position does not name it. */
    public long nextOffset(final int partition) {
        return nextOffsets.getOrDefault(partition, 0L);
    }

    /** This position after reading the record at {@code offset} of {@code partition}. */
    public Position after(final int partition, final long offset) {
        final TreeMap<Integer, Long> next = new TreeMap<>(nextOffsets);
        next.put(partition, offset + 1);
        return new Position(next);
    }

    public String token() {
        final StringBuilder text = new StringBuilder();
        nextOffsets.forEach((partition, offset) -> {
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(partition).append(':').append(offset);
        });
        return text.toString();
    }

    @Override
    public String toString() {
        return token();
    }

    private static String abbreviate(final String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
