package dev.kes.projection.topology;

import dev.kes.domain.AccountEvent;
import dev.kes.domain.AccountIds;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.MalformedRecordException;
import dev.kes.schemas.serde.UnknownSchemaException;
import dev.kes.schemas.upcast.Upcasters;
import dev.kes.service.mapping.EventMapping;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    /** {@code source}: where the record is, for the log line of a skipped one. */
    Optional<DecodedEvent> decode(final Record<String, byte[]> record, final Optional<RecordMetadata> source) {
        final SpecificRecord decoded;
        try {
            decoded = Upcasters.shipped().decode(codec, record.value());
        } catch (UnknownSchemaException e) {
            metrics.count(ProjectionMetrics.UNKNOWN);
            if (e.schemaId().isPresent()) {
                // unlike a newer event type, an id the registry cannot resolve means a misconfigured producer or
                // registry
                LOG.warn("skipping the record with key {} at {}: {}", record.key(), where(source), e.getMessage());
            } else {
                LOG.debug("skipping an event of unknown type: {}", e.getMessage());
            }
            return Optional.empty();
        } catch (MalformedRecordException e) {
            metrics.count(ProjectionMetrics.MALFORMED);
            LOG.warn(
                    "skipping an undecodable record with key {} at {}: {}",
                    record.key(),
                    where(source),
                    e.getMessage());
            return Optional.empty();
        }
        final Optional<AccountEvent> event = EventMapping.toDomain(decoded);
        if (event.isEmpty()) {
            metrics.count(ProjectionMetrics.UNKNOWN);
            LOG.debug(
                    "skipping a {} on the events topic: not an account event",
                    decoded.getSchema().getFullName());
            return Optional.empty();
        }
        final String accountId = event.get().accountId();
        if (!AccountIds.isValid(accountId) || !accountId.equals(record.key())) {
            metrics.count(ProjectionMetrics.MALFORMED);
            LOG.warn(
                    "skipping an event of account '{}' with record key '{}': the key must be the (valid) account id",
                    accountId,
                    record.key());
            return Optional.empty();
        }
        // the event index is a store: it keeps single-object encoding, readable without the registry
        return Optional.of(new DecodedEvent(event.get(), codec.toSingleObject(record.value())));
    }

    private static String where(final Optional<RecordMetadata> source) {
        return source.map(meta -> meta.topic() + " partition " + meta.partition() + " offset " + meta.offset())
                .orElse("an unknown position");
    }
}
