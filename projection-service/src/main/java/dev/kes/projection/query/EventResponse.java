package dev.kes.projection.query;

import java.util.Map;

/**
 * One event of {@code GET /accounts/{id}/events}: the envelope, {@code data} (the fields of its type, money as
 * strings) and {@code metadata} (correlationId, causationId, extra).
 */
public record EventResponse(
        String eventId,
        String type,
        long version,
        String occurredAt,
        Map<String, Object> data,
        Map<String, Object> metadata) {}
