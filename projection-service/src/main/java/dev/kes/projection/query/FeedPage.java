package dev.kes.projection.query;

import java.util.List;

/**
 * The JSON body of {@code GET /events}: committed events of every account, each partition's in offset order, and
 * the position to continue from (the request's own when nothing new was there).
 */
public record FeedPage(List<FeedEvent> events, String position) {
    public FeedPage {
        events = List.copyOf(events);
    }
}
