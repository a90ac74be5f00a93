package dev.kes.admin.events;

import dev.kes.domain.AccountEvent;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * One event as stored on account-events: where it is in the log, its domain form and its Avro record (which also
 * carries the envelope: eventId, metadata).
 *
 * @param timestamp the record's Kafka timestamp: the event's occurredAt, or 1970-01-01 for earlier instants
 * @param key       the record key, the accountId
 */
public record StoredEvent(
        int partition, long offset, Instant timestamp, String key, AccountEvent event, SpecificRecord record) {

    /** The event's record name, e.g. {@code MoneyDeposited}. */
    public String type() {
        return record.getSchema().getName();
    }

    public String eventId() {
        final Schema.Field field = record.getSchema().getField("eventId");
        return field == null ? null : String.valueOf(record.get(field.pos()));
    }

    public String accountId() {
        return event.accountId();
    }

    public long version() {
        return event.version();
    }
}
