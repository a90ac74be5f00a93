package dev.kes.admin.events;

import java.util.List;

/** Events read into memory, with the summary of the read. */
public record ReadResult(List<StoredEvent> events, ReadSummary summary) {
    public ReadResult {
        events = List.copyOf(events);
    }
}
