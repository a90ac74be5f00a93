package dev.kes.projection.http;

import dev.kes.client.events.InvalidPositionException;
import dev.kes.client.events.Position;
import dev.kes.projection.feed.EventLog;
import dev.kes.projection.feed.FeedUnavailableException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.apache.kafka.common.KafkaException;

/**
 * {@code GET /events?after=&limit=}: committed events of every account after a position, each partition's in
 * order, and the position to continue from. Nothing new: an empty page at once, with the same position.
 */
final class EventFeedHandler implements Handler {
    private final EventLog log;

    EventFeedHandler(final EventLog log) {
        this.log = log;
    }

    @Override
    public void handle(final Context ctx) throws InterruptedException {
        final Position after = FeedParams.position("after", ctx.queryParam("after"));
        final int limit =
                (int) QueryParams.number(ctx, "limit", QueryHandlers.DEFAULT_LIMIT, 1, QueryHandlers.MAX_LIMIT);
        try {
            ctx.json(log.page(after == null ? Position.beginning() : after, limit));
        } catch (InvalidPositionException e) {
            throw FeedParams.invalidPosition("after", e);
        } catch (FeedUnavailableException | KafkaException e) {
            throw FeedParams.unavailable(e);
        }
    }
}
