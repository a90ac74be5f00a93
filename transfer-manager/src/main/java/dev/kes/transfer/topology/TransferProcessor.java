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
import dev.kes.transfer.topology.TransferTimers.Kind;
import dev.kes.transfer.topology.TransferTimers.Timer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
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
 *   <li>TransferCredited, or the credit's ACCEPTED result, whichever comes first: COMPLETED; TransferRefunded, or
 *       the refund's ACCEPTED result: REFUNDED (the result and the event are written in one transaction).</li>
 * </ul>
 *
 * Timers ({@link TransferTimers}) close what the steps alone leave open. A pending transfer's follow-up is sent
 * again every {@code resendAfter} until the transfer ends: its result may have been deleted by the results topic's
 * retention before it was read (a rejection, the only trace of a refused credit), or the command itself by the
 * commands topic's. The command service answers the derived commandId with its first outcome, remembered for good,
 * so a resent credit pays nothing twice and a refused one is refused again, which sends the refund. A finished
 * transfer is forgotten after {@code finishedRetention}: long enough to recognise the late answers to the resent
 * follow-ups as duplicates; a step replayed after that starts the transfer again, and its follow-ups are answered
 * with their first outcomes, so it ends the same way and pays nothing twice.
 *
 * Under exactly_once_v2 the store update, the command sent and the consumed offset commit together. What cannot be
 * attributed (unreadable bytes, a rejection of an unknown transfer, a rejected refund) is dead-lettered with the
 * reason, and processing goes on.
 */
final class TransferProcessor implements Processor<String, byte[], String, byte[]> {
    private static final String CREDIT_TYPE = CreditTransfer.getClassSchema().getName();
    private static final String REFUND_TYPE = RefundTransfer.getClassSchema().getName();
    private static final Logger LOG = LoggerFactory.getLogger(TransferProcessor.class);
    /** How often due timers are looked for, and at most how many are handled each time. */
    private static final Duration TIMER_INTERVAL = Duration.ofSeconds(1);

    private static final int TIMER_BATCH = 1_000;

    private final AvroCodec codec;
    private final TransferMetrics metrics;
    private final long resendAfterMs;
    private final long finishedRetentionMs;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, TransferView> transfers;
    private TransferTimers timers;
    /**
     * Whether the store holds transfers kept by a version without timers, which get theirs at the first punctuation.
     * Looked at before the first step (which arms a timer of its own) and again at the first punctuation.
     */
    private boolean untimed;

    private boolean punctuated;

    TransferProcessor(
            final AvroCodec codec,
            final TransferMetrics metrics,
            final Duration resendAfter,
            final Duration finishedRetention) {
        this.codec = codec;
        this.metrics = metrics;
        this.resendAfterMs = resendAfter.toMillis();
        this.finishedRetentionMs = finishedRetention.toMillis();
    }

    @Override
    public void init(final ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.transfers = context.getStateStore(TransferTopology.STORE);
        this.timers = new TransferTimers(context.getStateStore(TransferTopology.TIMERS_STORE));
        this.untimed = timers.isEmpty() && !isEmpty(transfers);
        this.punctuated = false;
        context.schedule(TIMER_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::fireTimers);
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
        final TransferView transfer = pending(
                transferId,
                debited.getAccountId(),
                debited.getToAccountId(),
                debited.getAmount(),
                debited.getDescription(),
                debited.getOccurredAt());
        transfers.put(transferId, transfer);
        send(transfer.getToAccountId(), FollowUps.credit(transfer, debited.getEventId()));
        timers.arm(transferId, context.currentSystemTimeMs() + resendAfterMs, Kind.RESEND);
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
            accepted(transferId, credit, result);
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

    /**
     * The follow-up was carried out: its event (written in the same transaction) may come before or after this. A
     * result that does not fit the transfer as known changes nothing.
     */
    private void accepted(final String transferId, final boolean credit, final CommandResult result) {
        final TransferView transfer = transfers.get(transferId);
        if (transfer == null || transfer.getStatus() != TransferStatus.PENDING) {
            return; // its event came first (or the transfer is not known: nothing to finish)
        }
        final boolean refundSent = transfer.getReason() != null;
        final String account = credit ? transfer.getToAccountId() : transfer.getFromAccountId();
        if (credit == refundSent || !account.equals(result.getAccountId())) {
            LOG.debug("transfer {}: an accepted {} that does not fit it", transferId, result.getCommandType());
            return;
        }
        finish(transfer, credit ? TransferStatus.COMPLETED : TransferStatus.REFUNDED, result.getProcessedAt());
    }

    private void credited(final TransferCredited credited) {
        finishing(
                        credited.getTransferId(),
                        "credited",
                        () -> pending(
                                credited.getTransferId(),
                                credited.getFromAccountId(),
                                credited.getAccountId(),
                                credited.getAmount(),
                                credited.getDescription(),
                                credited.getOccurredAt()))
                .ifPresent(view -> finish(view, TransferStatus.COMPLETED, credited.getOccurredAt()));
    }

    private void refunded(final TransferRefunded refunded) {
        finishing(
                        refunded.getTransferId(),
                        "refunded",
                        () -> pending(
                                refunded.getTransferId(),
                                refunded.getAccountId(),
                                refunded.getToAccountId(),
                                refunded.getAmount(),
                                null,
                                refunded.getOccurredAt()))
                .ifPresent(view -> {
                    view.setReason(refunded.getReason());
                    finish(view, TransferStatus.REFUNDED, refunded.getOccurredAt());
                });
    }

    /**
     * The transfer a final {@code step} finishes: the known one or, without a known debit (state lost, a replay from
     * the middle), the one the step itself describes; empty when it has finished already (counted as a duplicate).
     */
    private Optional<TransferView> finishing(
            final String transferId, final String step, final Supplier<TransferView> described) {
        final TransferView known = transfers.get(transferId);
        if (known == null) {
            return Optional.of(described.get());
        }
        if (known.getStatus() != TransferStatus.PENDING) {
            metrics.duplicate(step);
            return Optional.empty();
        }
        return Optional.of(known);
    }

    /** A transfer as one of its steps shows it, waiting for its follow-up. */
    private static TransferView pending(
            final String transferId,
            final String fromAccountId,
            final String toAccountId,
            final BigDecimal amount,
            final String description,
            final Instant requestedAt) {
        return TransferView.newBuilder()
                .setTransferId(transferId)
                .setFromAccountId(fromAccountId)
                .setToAccountId(toAccountId)
                .setAmount(amount)
                .setDescription(description)
                .setStatus(TransferStatus.PENDING)
                .setRequestedAt(requestedAt)
                .build();
    }

    private void finish(final TransferView view, final TransferStatus status, final Instant completedAt) {
        view.setStatus(status);
        view.setCompletedAt(completedAt);
        transfers.put(view.getTransferId(), view);
        timers.arm(view.getTransferId(), context.currentSystemTimeMs() + finishedRetentionMs, Kind.FORGET);
        metrics.finished(status.name());
    }

    /** The due timers: a bounded batch each time, so that a backlog of them stalls no step for long. */
    private void fireTimers(final long nowMs) {
        if (!punctuated && (untimed || timers.isEmpty() && !isEmpty(transfers))) {
            armUntimed(nowMs);
        }
        punctuated = true;
        for (final Timer timer : timers.due(nowMs, TIMER_BATCH)) {
            timers.remove(timer);
            final TransferView transfer = transfers.get(timer.transferId());
            if (transfer == null) {
                continue;
            }
            final boolean pending = transfer.getStatus() == TransferStatus.PENDING;
            if (timer.kind() == Kind.FORGET && !pending) {
                transfers.delete(timer.transferId());
                metrics.forgotten();
            } else if (timer.kind() == Kind.RESEND && pending) {
                try (LogContext.Scope log = LogContext.command(null, timer.transferId())) {
                    resend(transfer);
                }
                timers.arm(timer.transferId(), nowMs + resendAfterMs, Kind.RESEND);
            }
        }
    }

    /** The follow-up a pending transfer waits for: the refund once the credit was refused, else the credit. */
    private void resend(final TransferView transfer) {
        final SpecificRecord command = transfer.getReason() == null
                ? FollowUps.credit(transfer, transfer.getTransferId())
                : FollowUps.refund(transfer, transfer.getReason());
        final String account = transfer.getReason() == null ? transfer.getToAccountId() : transfer.getFromAccountId();
        LOG.info(
                "transfer {} still pending: sending its {} again",
                transfer.getTransferId(),
                command.getSchema().getName());
        send(account, command);
        metrics.resent(command.getSchema().getName());
    }

    /**
     * Every transfer has a timer (pending: the next resend, finished: its removal), so transfers without any were
     * kept by a version that had no timers: they get theirs now, once.
     */
    private void armUntimed(final long nowMs) {
        int armed = 0;
        try (KeyValueIterator<String, TransferView> all = transfers.all()) {
            while (all.hasNext()) {
                final KeyValue<String, TransferView> entry = all.next();
                if (entry.value.getStatus() == TransferStatus.PENDING) {
                    timers.arm(entry.key, nowMs + resendAfterMs, Kind.RESEND);
                } else {
                    timers.arm(entry.key, nowMs + finishedRetentionMs, Kind.FORGET);
                }
                armed++;
            }
        }
        LOG.info("armed the timers of {} transfers kept without them", armed);
    }

    private static boolean isEmpty(final KeyValueStore<String, TransferView> store) {
        try (KeyValueIterator<String, TransferView> all = store.all()) {
            return !all.hasNext();
        }
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
