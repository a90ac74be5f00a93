package dev.kes.projection.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * One event of the cross-account feed ({@code GET /events}, the data of {@code GET /events/stream}): an event of
 * {@code /accounts/{id}/events} plus where it is on the events topic. {@code position} is the token that resumes
 * right after it; it is left out of the stream's data, whose {@code id:} carries it.
 */
@JsonPropertyOrder({
    "accountId",
    "partition",
    "offset",
    "position",
    "eventId",
    "type",
    "version",
    "occurredAt",
    "data",
    "metadata"
})
public record FeedEvent(
        String accountId,
        int partition,
        long offset,
        @JsonInclude(JsonInclude.Include.NON_NULL) String position,
        String eventId,
        String type,
        long version,
        String occurredAt,
        Map<String, Object> data,
        Map<String, Object> metadata) {

    public static FeedEvent of(
            final String accountId, final int partition, final long offset, final EventResponse event) {
        return new FeedEvent(
                accountId,
                partition,
                offset,
                null,
                event.eventId(),
                event.type(),
                event.version(),
                event.occurredAt(),
                event.data(),
                event.metadata());
    }

    public FeedEvent at(final String resumeToken) {
        return new FeedEvent(
                accountId, partition, offset, resumeToken, eventId, type, version, occurredAt, data, metadata);
    }
}
