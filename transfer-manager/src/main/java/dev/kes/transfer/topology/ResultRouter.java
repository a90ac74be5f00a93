package dev.kes.transfer.topology;

import dev.kes.schemas.contract.TransferCommandIds;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * account-command-results (keyed by commandId) to the results of transfer follow-ups, keyed by transferId. The key
 * alone tells which: the follow-ups' commandIds derive from the transferId, so the results of every other command
 * are dropped without being decoded. The processor decodes the ones passed on (and dead-letters what it cannot read).
 */
final class ResultRouter implements Processor<String, byte[], String, byte[]> {
    private ProcessorContext<String, byte[]> context;

    @Override
    public void init(final ProcessorContext<String, byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(final Record<String, byte[]> record) {
        transferOf(record.key())
                .ifPresent(transferId ->
                        context.forward(RouteHeaders.rekeyed(record, transferId, context.recordMetadata())));
    }

    static Optional<String> transferOf(final String commandId) {
        return TransferCommandIds.transferOfCredit(commandId).or(() -> TransferCommandIds.transferOfRefund(commandId));
    }
}
