package dev.kes.projection.topology;

import dev.kes.domain.AccountEvent;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.MalformedRecordException;
import dev.kes.schemas.serde.UnknownSchemaException;
import dev.kes.schemas.upcast.Upcasters;
import dev.kes.schemas.view.TransferView;
import dev.kes.service.mapping.EventMapping;
import io.opentelemetry.api.trace.Span;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code transfers}: the transfer events, keyed by transferId (the {@link StoreNames#TRANSFERS_BY_ID} repartition
 * topic), folded into one view per transfer ({@link TransferFold}). The debit and its outcome sit on two accounts,
 * often in two partitions of account-events, so the outcome may arrive first: it waits in
 * {@link StoreNames#EARLY_TRANSFER_OUTCOMES} until the debit comes. Every step is idempotent, so at-least-once
 * redelivery changes nothing. {@link AppliedEvents} hears of each transfer event once its view is written.
 */
final class TransfersProcessor implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(TransfersProcessor.class);

    private final ProjectionMetrics metrics;
    private final AppliedEvents applied;
    private final ApplyTracing tracing;
    private KeyValueStore<String, TransferView> transfers;
    private KeyValueStore<String, TransferView> early;

    TransfersProcessor(final ProjectionMetrics metrics, final AppliedEvents applied, final ApplyTracing tracing) {
        this.metrics = metrics;
        this.applied = applied;
        this.tracing = tracing;
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        init(context::getStateStore);
    }

    /** Also how a {@link BulkBuild} gives it its stores. */
    void init(final StoreLookup stores) {
        transfers = stores.store(StoreNames.TRANSFERS);
        early = stores.store(StoreNames.EARLY_TRANSFER_OUTCOMES);
    }

    @Override
    public void process(final Record<String, byte[]> record) {
        final Optional<AccountEvent> decoded = decode(record);
        if (decoded.isEmpty()) {
            return;
        }
        final AccountEvent event = decoded.get();
        final String id = TransferFold.transferId(event);
        if (id == null || !id.equals(record.key())) {
            metrics.count(ProjectionMetrics.MALFORMED);
            LOG.warn(
                    "skipping a {} with record key '{}' on the transfers topic",
                    event.getClass().getSimpleName(),
                    record.key());
            return;
        }
        // the repartitioned record kept the event's headers, so its trace goes on here
        final Span span = tracing.start(tracing.parentOf(record.headers()), StoreNames.TRANSFERS, event, id);
        try {
            metrics.count(
                    changed(id, event) ? ProjectionMetrics.APPLIED : ProjectionMetrics.DUPLICATES,
                    StoreNames.TRANSFERS);
        } finally {
            span.end();
        }
        applied.transfer(id);
    }

    /** Folds the event in; false when it changed nothing (a redelivery, or an outcome after the first). */
    private boolean changed(final String id, final AccountEvent event) {
        final TransferView current = transfers.get(id);
        if (event instanceof AccountEvent.TransferDebited debit) {
            if (current != null) {
                return false;
            }
            final TransferView outcome = early.get(id);
            final TransferView requested = TransferFold.requested(debit);
            transfers.put(id, outcome == null ? requested : TransferFold.ended(requested, outcome));
            if (outcome != null) {
                early.delete(id);
            }
            return true;
        }
        final TransferView outcome = TransferFold.outcome(event);
        if (current != null) {
            final TransferView ended = TransferFold.ended(current, outcome);
            if (ended == current) {
                return false;
            }
            transfers.put(id, ended);
            return true;
        }
        if (early.get(id) != null) {
            return false;
        }
        early.put(id, outcome);
        return true;
    }

    /** The bytes are what the projector forwarded: single-object encoding, readable without a registry. */
    private Optional<AccountEvent> decode(final Record<String, byte[]> record) {
        try {
            return EventMapping.toDomain(Upcasters.shipped().decode(AvroCodec.shipped(), record.value()));
        } catch (UnknownSchemaException | MalformedRecordException e) {
            metrics.count(ProjectionMetrics.MALFORMED);
            LOG.warn(
                    "skipping an undecodable record with key {} on the transfers topic: {}",
                    record.key(),
                    e.getMessage());
            return Optional.empty();
        }
    }
}
