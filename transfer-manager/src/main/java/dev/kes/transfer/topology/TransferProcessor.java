package dev.kes.transfer.topology;

import dev.kes.schemas.command.CreditTransfer;
import dev.kes.schemas.command.RefundTransfer;
import dev.kes.schemas.contract.TransferCommandIds;
import dev.kes.schemas.event.TransferCredited;
import dev.kes.schemas.event.TransferDebited;
import dev.kes.schemas.event.TransferRefunded;
import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.result.Outcome;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.MalformedRecordException;
import dev.kes.schemas.serde.UnknownSchemaException;
import dev.kes.schemas.upcast.Upcasters;
import dev.kes.schemas.view.TransferStatus;
import dev.kes.schemas.view.TransferView;
import dev.kes.service.kafka.DeadLetterHeaders;
import dev.kes.service.logging.LogContext;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process manager proper: every step of one transfer, in order (they all arrive keyed by transferId through
 * one repartition topic), against the transfer's state in the {@value TransferTopology#STORE} store.
 *
 * <ul>
 *   <li>TransferDebited: PENDING, and a CreditTransfer to the target. A debit of a transfer already known sends
 *       nothing (a redelivery or a replay).</li>
 *   <li>the credit REJECTED: a RefundTransfer to the source with the rejection's message, remembered as the
 *       transfer's reason so that another copy of the result (the command service answers a retried commandId
 *       again) sends no second refund.</li>
 *   <li>TransferCredited: COMPLETED; TransferRefunded: REFUNDED.</li>
 * </ul>
 *
 * Under exactly_once_v2 the store update, the command sent and the consumed offset commit together. What cannot be
 * attributed (unreadable bytes, a rejection of an unknown transfer, a rejected refund) is dead-lettered with the
 * reason, and processing goes on.
 */
final class TransferProcessor implements Processor<String, byte[], String, byte[]> {
    private static final String CREDIT_TYPE = CreditTransfer.getClassSchema().getName();
    private static final String REFUND_TYPE = RefundTransfer.getClassSchema().getName();
    private static final Logger LOG = LoggerFactory.getLogger(TransferProcessor.class);

    private final AvroCodec codec;
    private final TransferMetrics metrics;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, TransferView> transfers;

    TransferProcessor(final AvroCodec codec, final TransferMetrics metrics) {
        this.codec = codec;
        this.metrics = metrics;
    }

    @Override
    public void init(final ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.transfers = context.getStateStore(TransferTopology.STORE);
    }

    @Override
    public void process(final Record<String, byte[]> record) {
        final Optional<String> unreadable = RouteHeaders.text(record.headers(), RouteHeaders.UNREADABLE_REASON);
        if (unreadable.isPresent()) {
            deadLetter(
                    record,
                    RouteHeaders.text(record.headers(), RouteHeaders.UNREADABLE_CLASS)
                            .orElse("Unreadable"),
                    unreadable.get());
            return;
        }
        final SpecificRecord step;
        try {
            step = Upcasters.shipped().decode(codec, record.value());
        } catch (UnknownSchemaException | MalformedRecordException e) {
            deadLetter(record, e.getClass().getSimpleName(), e.getMessage());
            return;
        }
        try (LogContext.Scope log = LogContext.command(null, record.key())) {
            if (step instanceof TransferDebited debited) {
                debited(debited);
            } else if (step instanceof TransferCredited credited) {
                credited(credited);
            } else if (step instanceof TransferRefunded refunded) {
                refunded(refunded);
            } else if (step instanceof CommandResult result) {
                result(record, result);
            } else {
                deadLetter(
                        record,
                        "NotATransferStep",
                        "a " + step.getSchema().getFullName() + " is no step of a transfer");
            }
        }
    }

    private void debited(final TransferDebited debited) {
        final String transferId = debited.getTransferId();
        if (transfers.get(transferId) != null) {
            metrics.duplicate("debited");
            LOG.debug("transfer {} debited again: already handled", transferId);
            return;
        }
        transfers.put(
                transferId,
                TransferView.newBuilder()
                        .setTransferId(transferId)
                        .setFromAccountId(debited.getAccountId())
                        .setToAccountId(debited.getToAccountId())
                        .setAmount(debited.getAmount())
                        .setDescription(debited.getDescription())
                        .setStatus(TransferStatus.PENDING)
                        .setRequestedAt(debited.getOccurredAt())
                        .build());
        send(debited.getToAccountId(), FollowUps.credit(debited));
    }

    private void result(final Record<String, byte[]> record, final CommandResult result) {
        final String transferId = record.key();
        final String commandId = result.getCommandId();
        final boolean credit = TransferCommandIds.transferOfCredit(commandId)
                .filter(transferId::equals)
                .isPresent();
        final boolean refund = TransferCommandIds.transferOfRefund(commandId)
                .filter(transferId::equals)
                .isPresent();
        if (!credit && !refund) {
            deadLetter(
                    record,
                    "KeyMismatch",
                    "the result of command '" + commandId + "' was published under the key of transfer " + transferId
                            + "'s follow-ups");
            return;
        }
        if (!result.getCommandType().equals(credit ? CREDIT_TYPE : REFUND_TYPE)) {
            // another command whose id happens to end like a follow-up's (an Idempotency-Key of "t-1/credit")
            LOG.debug(
                    "result of {} command '{}' is not a follow-up of transfer {}",
                    result.getCommandType(),
                    commandId,
                    transferId);
            return;
        }
        if (result.getOutcome() == Outcome.ACCEPTED) {
            // the events say what happened: TransferCredited or TransferRefunded follows
            return;
        }
        final String message = result.getRejection() == null
                ? "rejected"
                : result.getRejection().getMessage();
        if (refund) {
            deadLetter(
                    record,
                    "RefundRejected",
                    "the refund of transfer " + transferId + " was rejected: " + message
                            + "; its source keeps the debit until someone acts");
            return;
        }
        final TransferView transfer = transfers.get(transferId);
        if (transfer == null) {
            deadLetter(
                    record,
                    "UnknownTransfer",
                    "the credit of transfer " + transferId
                            + " was rejected, but no debit of it was seen: nothing to refund");
            return;
        }
        if (!transfer.getToAccountId().equals(result.getAccountId())) {
            deadLetter(
                    record,
                    "KeyMismatch",
                    "a credit of transfer " + transferId + " to " + result.getAccountId()
                            + " was rejected, but the transfer's target is " + transfer.getToAccountId());
            return;
        }
        if (transfer.getReason() != null || transfer.getStatus() == TransferStatus.REFUNDED) {
            metrics.duplicate("credit-rejected");
            LOG.debug("transfer {}: the credit's rejection again, the refund is already sent", transferId);
            return;
        }
        if (transfer.getStatus() == TransferStatus.COMPLETED) {
            deadLetter(
                    record,
                    "CompletedTransfer",
                    "the credit of transfer " + transferId + " was rejected after the transfer completed: " + message);
            return;
        }
        // changed in place: the generated copy constructor loads the status enum by name, which Avro refuses
        transfer.setReason(message);
        transfers.put(transferId, transfer);
        send(transfer.getFromAccountId(), FollowUps.refund(transfer, message));
    }

    private void credited(final TransferCredited credited) {
        final TransferView known = transfers.get(credited.getTransferId());
        if (known != null && known.getStatus() != TransferStatus.PENDING) {
            metrics.duplicate("credited");
            return;
        }
        // without a known debit (state lost, a replay from the middle) the event itself says all the view needs
        final TransferView view = known != null
                ? known
                : TransferView.newBuilder()
                        .setTransferId(credited.getTransferId())
                        .setFromAccountId(credited.getFromAccountId())
                        .setToAccountId(credited.getAccountId())
                        .setAmount(credited.getAmount())
                        .setDescription(credited.getDescription())
                        .setStatus(TransferStatus.PENDING)
                        .setRequestedAt(credited.getOccurredAt())
                        .build();
        view.setStatus(TransferStatus.COMPLETED);
        view.setCompletedAt(credited.getOccurredAt());
        transfers.put(credited.getTransferId(), view);
        metrics.finished(TransferStatus.COMPLETED.name());
    }

    private void refunded(final TransferRefunded refunded) {
        final TransferView known = transfers.get(refunded.getTransferId());
        if (known != null && known.getStatus() != TransferStatus.PENDING) {
            metrics.duplicate("refunded");
            return;
        }
        final TransferView view = known != null
                ? known
                : TransferView.newBuilder()
                        .setTransferId(refunded.getTransferId())
                        .setFromAccountId(refunded.getAccountId())
                        .setToAccountId(refunded.getToAccountId())
                        .setAmount(refunded.getAmount())
                        .setStatus(TransferStatus.PENDING)
                        .setRequestedAt(refunded.getOccurredAt())
                        .build();
        view.setStatus(TransferStatus.REFUNDED);
        view.setReason(refunded.getReason());
        view.setCompletedAt(refunded.getOccurredAt());
        transfers.put(refunded.getTransferId(), view);
        metrics.finished(TransferStatus.REFUNDED.name());
    }

    private void send(final String accountId, final SpecificRecord command) {
        final String type = command.getSchema().getName();
        // stamped now, not with the event's time: the commands topic's retention counts from the record timestamp
        context.forward(
                new Record<>(accountId, codec.encode(command), context.currentSystemTimeMs()),
                TransferTopology.COMMANDS_SINK);
        metrics.commandSent(type);
        LOG.debug("sent {} to account {}", type, accountId);
    }

    /** The original key and bytes, the reason, and the real source (not the repartition topic) in headers. */
    private void deadLetter(final Record<String, byte[]> record, final String errorClass, final String reason) {
        final Headers in = record.headers();
        final String originalKey = RouteHeaders.text(in, RouteHeaders.KEY).orElse(null);
        LOG.warn("dead-lettering a record with key {}: {}", originalKey, reason);
        metrics.deadLettered(errorClass);
        final Headers headers = RouteHeaders.withoutRoute(in);
        headers.add(DeadLetterHeaders.ERROR_CLASS, RouteHeaders.bytes(errorClass));
        headers.add(DeadLetterHeaders.REASON, RouteHeaders.bytes(reason == null ? errorClass : reason));
        RouteHeaders.text(in, RouteHeaders.TOPIC).ifPresent(topic -> {
            headers.add(DeadLetterHeaders.SOURCE_TOPIC, RouteHeaders.bytes(topic));
            RouteHeaders.text(in, RouteHeaders.PARTITION)
                    .ifPresent(p -> headers.add(DeadLetterHeaders.SOURCE_PARTITION, RouteHeaders.bytes(p)));
            RouteHeaders.text(in, RouteHeaders.OFFSET)
                    .ifPresent(o -> headers.add(DeadLetterHeaders.SOURCE_OFFSET, RouteHeaders.bytes(o)));
        });
        context.forward(
                new Record<>(originalKey, record.value(), record.timestamp(), headers), TransferTopology.DLQ_SINK);
    }
}
