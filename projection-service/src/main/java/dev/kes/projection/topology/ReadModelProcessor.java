package dev.kes.projection.topology;

import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The account read models in the topology: each record goes through the {@link AccountProjector}, and a transfer
 * event goes on to the transfers read model, keyed by its transferId.
 */
final class ReadModelProcessor implements Processor<String, byte[], String, byte[]> {
    private final AccountProjector projector;
    private ProcessorContext<String, byte[]> context;

    ReadModelProcessor(final AccountProjector projector) {
        this.projector = projector;
    }

    @Override
    public void init(final ProcessorContext<String, byte[]> context) {
        this.context = context;
        projector.init(context::getStateStore);
    }

    /**
     * A transfer event goes on whatever the guards decided: the transfers model is keyed by transfer, not by account,
     * and is idempotent on its own.
     */
    @Override
    public void process(final Record<String, byte[]> record) {
        projector
                .project(record, context.recordMetadata())
                .flatMap(event -> transfer(record, event))
                .ifPresent(context::forward);
    }

    /** What goes on to the transfers read model for a transfer event: its bytes keyed by its transferId. */
    static Optional<Record<String, byte[]>> transfer(final Record<String, byte[]> record, final DecodedEvent event) {
        final String transferId = TransferFold.transferId(event.event());
        return transferId == null
                ? Optional.empty()
                : Optional.of(record.withKey(transferId).withValue(event.bytes()));
    }

    @Override
    public void close() {
        projector.close();
    }
}
