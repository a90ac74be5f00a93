package dev.kes.transfer.topology;

import dev.kes.schemas.event.TransferCredited;
import dev.kes.schemas.event.TransferDebited;
import dev.kes.schemas.event.TransferRefunded;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.MalformedRecordException;
import dev.kes.schemas.serde.UnknownSchemaException;
import dev.kes.schemas.upcast.Upcasters;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * account-events (keyed by account) to the transfer steps among them, keyed by transferId, the original bytes
 * unchanged. Every other event is none of the manager's business; an event of an unknown type is skipped and
 * counted (a newer producer); bytes no schema reads are passed on marked unreadable, for the processor to
 * dead-letter (the one writer of the DLQ).
 */
final class EventRouter implements Processor<String, byte[], String, byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(EventRouter.class);

    private final AvroCodec codec;
    private final TransferMetrics metrics;
    private ProcessorContext<String, byte[]> context;

    EventRouter(final AvroCodec codec, final TransferMetrics metrics) {
        this.codec = codec;
        this.metrics = metrics;
    }

    @Override
    public void init(final ProcessorContext<String, byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(final Record<String, byte[]> record) {
        final SpecificRecord event;
        try {
            event = Upcasters.shipped().decode(codec, record.value());
        } catch (UnknownSchemaException e) {
            metrics.unknownType();
            LOG.debug("skipping an event of unknown type: {}", e.getMessage());
            return;
        } catch (MalformedRecordException e) {
            final Headers headers = RouteHeaders.stamped(record.headers(), record.key(), context.recordMetadata());
            headers.add(
                    RouteHeaders.UNREADABLE_CLASS,
                    RouteHeaders.bytes(e.getClass().getSimpleName()));
            headers.add(RouteHeaders.UNREADABLE_REASON, RouteHeaders.bytes(String.valueOf(e.getMessage())));
            // any non-null key: the repartition drops null keys, and no transfer can be named for it anyway
            context.forward(new Record<>(
                    record.key() == null ? "" : record.key(), record.value(), record.timestamp(), headers));
            return;
        }
        transferId(event)
                .ifPresent(transferId ->
                        context.forward(RouteHeaders.rekeyed(record, transferId, context.recordMetadata())));
    }

    static Optional<String> transferId(final SpecificRecord event) {
        if (event instanceof TransferDebited debited) {
            return Optional.of(debited.getTransferId());
        }
        if (event instanceof TransferCredited credited) {
            return Optional.of(credited.getTransferId());
        }
        if (event instanceof TransferRefunded refunded) {
            return Optional.of(refunded.getTransferId());
        }
        return Optional.empty();
    }
}
