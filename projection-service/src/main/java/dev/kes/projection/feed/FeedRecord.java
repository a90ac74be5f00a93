package dev.kes.projection.feed;

import dev.kes.projection.query.FeedEvent;

/**
 * One committed record of the events topic, decoded once and shared by every stream it goes to: {@code json} is
 * {@code event} rendered without a position (the stream's {@code data:} line).
 */
public record FeedRecord(FeedEvent event, byte[] json) {
    public int partition() {
        return event.partition();
    }

    public long offset() {
        return event.offset();
    }

    public String accountId() {
        return event.accountId();
    }

    public String type() {
        return event.type();
    }
}
