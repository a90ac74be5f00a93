package dev.kes.projection.topology;

import dev.kes.domain.AccountIds;
import dev.kes.domain.AccountEvent;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.MalformedRecordException;
import dev.kes.schemas.serde.UnknownSchemaException;
import dev.kes.schemas.upcast.Upcasters;
import dev.kes.service.mapping.EventMapping;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * From a record of account-events to a domain event, or empty (counted) for what no read model can apply:
 * unknown types (a newer producer: skipped, readable after an upgrade), undecodable bytes, and events whose
 * account id is not a valid id or differs from the record key (they would sit in a partition where no query
 * for that account looks).
 *
 * <p>Events of older schema versions are read through {@link Upcasters}: Avro resolution for their shape, the
 * upcasters for their meaning (see schemas/README.md).
 */
final class EventDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(EventDecoder.class);

    private final AvroCodec codec;
    private final ProjectionMetrics metrics;

    EventDecoder(final AvroCodec codec, final ProjectionMetrics metrics) {
        this.codec = codec;
        this.metrics = metrics;
    }

    Optional<DecodedEvent> decode(final Record<String, byte[]> record) {
        final SpecificRecord decoded;
        try {
            decoded = Upcasters.shipped().decode(codec, record.value());
        } catch (UnknownSchemaException e) {
            metrics.count(ProjectionMetrics.UNKNOWN);
            LOG.debug("skipping an event of unknown type: {}", e.getMessage());
            return Optional.empty();
        } catch (MalformedRecordException e) {
            metrics.count(ProjectionMetrics.MALFORMED);
            LOG.warn("skipping an undecodable record with key {}: {}", record.key(), e.getMessage());
            return Optional.empty();
        }
        final Optional<AccountEvent> event = EventMapping.toDomain(decoded);
        if (event.isEmpty()) {
            metrics.count(ProjectionMetrics.UNKNOWN);
            LOG.debug("skipping a {} on the events topic: not an account event", decoded.getSchema().getFullName());
            return Optional.empty();
        }
        final String accountId = event.get().accountId();
        if (!AccountIds.isValid(accountId)
                || !accountId.equals(record.key())) {
            metrics.count(ProjectionMetrics.MALFORMED);
            LOG.warn("skipping an event of account '{}' with record key '{}': the key must be the (valid) account id",
                    accountId, record.key());
            return Optional.empty();
        }
        return Optional.of(new DecodedEvent(event.get(), record.value()));
    }
}
