package dev.kes.projection.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The JSON body of {@code GET /accounts/{id}/events}: a page of the audit trail in version order;
 * {@code nextVersion} (the {@code fromVersion} of the next page) only when there are more events.
 */
public record EventsResponse(
        String accountId,
        List<EventResponse> events,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long nextVersion) {
    public EventsResponse {
        events = List.copyOf(events);
    }
}
