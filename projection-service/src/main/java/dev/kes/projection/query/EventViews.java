package dev.kes.projection.query;

import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.MalformedRecordException;
import dev.kes.schemas.serde.UnknownSchemaException;
import dev.kes.schemas.upcast.Upcasters;
import dev.kes.service.personal.PersonalData;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * From an event's stored bytes to its JSON form. {@code data} is rendered from the Avro schema, field by field,
 * so a field or event type added to the schemas shows up without code here; money (decimals) becomes strings.
 */
public final class EventViews {
    private static final Set<String> ENVELOPE = Set.of("eventId", "accountId", "version", "occurredAt", "metadata");

    private EventViews() {}

    /** The event as stored in the event index, whose key holds its version. */
    public static EventResponse toResponse(
            final AvroCodec codec, final long version, final byte[] bytes, final PersonalData personal) {
        return toResponse(codec, version, bytes, false, personal);
    }

    /** A record of the events topic: the version is the event's own (0 for an unreadable record). */
    public static EventResponse toResponse(final AvroCodec codec, final byte[] bytes, final PersonalData personal) {
        return toResponse(codec, 0, bytes, true, personal);
    }

    private static EventResponse toResponse(
            final AvroCodec codec,
            final long indexedVersion,
            final byte[] bytes,
            final boolean ownVersion,
            final PersonalData personal) {
        final SpecificRecord event;
        try {
            event = Upcasters.shipped().decode(codec, bytes);
        } catch (UnknownSchemaException | MalformedRecordException e) {
            // only after a downgrade to a build that does not know a stored event's schema: say so, do not fail
            return new EventResponse(
                    null, "unreadable", indexedVersion, null, Map.of("reason", e.getMessage()), Map.of());
        }
        final Map<String, Object> data = new LinkedHashMap<>();
        final String accountId = text(field(event, "accountId"));
        for (final Schema.Field field : event.getSchema().getFields()) {
            if (ENVELOPE.contains(field.name())) {
                continue;
            }
            if (PersonalData.isPersonalField(field.name()) && event.get(field.pos()) instanceof CharSequence sealed) {
                // revealed for this answer only; erased (its key destroyed), null and flagged
                final Optional<String> clear = personal.reveal(accountId, field.name(), sealed.toString());
                data.put(field.name(), clear.orElse(null));
                if (clear.isEmpty()) {
                    data.put("personalDataErased", true);
                }
            } else {
                data.put(field.name(), plain(event.get(field.pos())));
            }
        }
        final long version = ownVersion && field(event, "version") instanceof Long own ? own : indexedVersion;
        return new EventResponse(
                text(field(event, "eventId")),
                event.getSchema().getName(),
                version,
                text(field(event, "occurredAt")),
                data,
                record(field(event, "metadata")));
    }

    private static Object field(final SpecificRecord record, final String name) {
        final Schema.Field field = record.getSchema().getField(name);
        return field == null ? null : record.get(field.pos());
    }

    private static String text(final Object value) {
        return value == null ? null : value.toString();
    }

    private static Map<String, Object> record(final Object value) {
        if (!(value instanceof SpecificRecord record)) {
            return Map.of();
        }
        final Map<String, Object> map = new LinkedHashMap<>();
        for (final Schema.Field field : record.getSchema().getFields()) {
            map.put(field.name(), plain(record.get(field.pos())));
        }
        return map;
    }

    /** JSON-friendly values: decimals as plain strings (never floats), instants as ISO-8601. */
    private static Object plain(final Object value) {
        if (value == null || value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            return value;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        if (value instanceof SpecificRecord nested) {
            return record(nested);
        }
        if (value instanceof Map<?, ?> map) {
            final Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(key.toString(), plain(item)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(EventViews::plain).toList();
        }
        return value.toString();
    }
}
