package dev.kes.projection.feed;

import dev.kes.client.events.Position;

/** An event of a live stream and the stream's position right after it (its SSE {@code id:}). */
public record StreamedEvent(FeedRecord record, Position after) {}
