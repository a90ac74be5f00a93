package dev.kes.command.topology;

import dev.kes.command.CommandMetrics;
import dev.kes.domain.Account;
import dev.kes.domain.AccountDecider;
import dev.kes.domain.AccountEvent;
import dev.kes.domain.Decision;
import dev.kes.domain.Rejection;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.contract.CommandFingerprint;
import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.result.Outcome;
import dev.kes.schemas.result.RejectionCode;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.MalformedRecordException;
import dev.kes.schemas.serde.UnknownSchemaException;
import dev.kes.service.kafka.DeadLetterHeaders;
import dev.kes.service.logging.LogContext;
import dev.kes.service.mapping.CommandMapping;
import dev.kes.service.mapping.EventMapping;
import dev.kes.service.mapping.IncomingCommand;
import dev.kes.service.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of one partition of accounts: decodes a command, answers retries from the dedupe store,
 * decides against the account's snapshot, and forwards events, the new snapshot and the result. Kafka Streams
 * with exactly_once_v2 commits all of them and the consumed offset in one transaction. Each decision is counted
 * ({@link CommandMetrics}), and the command's id and correlation id are in the logging MDC while it is handled.
 */
final class CommandProcessor implements Processor<String, byte[], String, byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(CommandProcessor.class);
    /** A purge slice every second, of at most this many entries: a few milliseconds of the stream thread each. */
    private static final Duration PURGE_INTERVAL = Duration.ofSeconds(1);

    private static final int PURGE_BATCH = 5_000;

    private final AvroCodec codec;
    private final boolean allowOccurredAt;
    private final Duration dedupeWindow;
    private final int commandPartitions;
    private final CommandMetrics metrics;
    private final EventIds eventIds = new EventIds();
    private final DecodedAccounts accounts;
    private final DecisionTracing tracing;
    private final PersonalSealing sealing;
    private ProcessorContext<String, byte[]> context;
    /**
     * (accountId, commandId) → the result's encoded bytes in single-object encoding, the datum as sent so that a
     * result is Avro-encoded once (only its header differs on a topic in registry framing).
     */
    private KeyValueStore<String, byte[]> dedupe;

    /**
     * Each record's handling is spanned ({@link DecisionTracing}) when {@code tracing} is on; the personal fields of
     * accepted events are sealed by {@code sealing} when the command carried them in clear.
     */
    CommandProcessor(
            final AvroCodec codec,
            final boolean allowOccurredAt,
            final Duration dedupeWindow,
            final int commandPartitions,
            final CommandMetrics metrics,
            final DecodedAccounts accounts,
            final Tracing tracing,
            final PersonalSealing sealing) {
        this.tracing = new DecisionTracing(tracing);
        this.sealing = sealing;
        this.codec = codec;
        this.allowOccurredAt = allowOccurredAt;
        this.dedupeWindow = dedupeWindow;
        this.commandPartitions = commandPartitions;
        this.metrics = metrics;
        this.accounts = accounts;
    }

    @Override
    public void init(final ProcessorContext<String, byte[]> context) {
        this.context = context;
        // called again whenever the task's stores may have been rolled back: what was decoded before is not trusted
        accounts.open(context);
        this.dedupe = context.getStateStore(StoreNames.COMMAND_DEDUPE);
        final DedupePurge purge = new DedupePurge(dedupe, codec, dedupeWindow, PURGE_BATCH);
        context.schedule(
                PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, nowMs -> purge.purge(Instant.ofEpochMilli(nowMs)));
    }

    @Override
    public void close() {
        accounts.close();
    }

    @Override
    public void process(final Record<String, byte[]> record) {
        final Span span = tracing.start(record);
        if (span == null) {
            decodeAndHandle(record);
            return;
        }
        try (Scope current = span.makeCurrent()) {
            decodeAndHandle(record);
        } finally {
            span.end();
        }
    }

    private void decodeAndHandle(final Record<String, byte[]> record) {
        final SpecificRecord decoded;
        try {
            decoded = codec.decode(record.value());
        } catch (UnknownSchemaException | MalformedRecordException e) {
            deadLetter(record, e.getClass().getSimpleName(), e.getMessage());
            return;
        }
        final Optional<IncomingCommand> incoming = CommandMapping.toDomain(decoded);
        if (incoming.isEmpty()) {
            deadLetter(record, "NotACommand", "a " + decoded.getSchema().getFullName() + " is not a command");
            return;
        }
        final IncomingCommand in = incoming.get();
        try (LogContext.Scope log = LogContext.command(in.commandId(), correlationId(in))) {
            handle(record, in, CommandFingerprint.of(decoded));
        }
    }

    private void handle(final Record<String, byte[]> record, final IncomingCommand in, final byte[] fingerprint) {
        final Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        final String misplaced = misplaced(record, in);
        if (misplaced != null) {
            // another partition's task owns this account: deciding here would make a second writer of it
            refuse(in, RejectionCode.INVALID_COMMAND, misplaced, fingerprint, now);
            return;
        }
        final String dedupeKey = DedupeKeys.of(in.accountId(), in.commandId());
        final byte[] earlierBytes = remembered(in, dedupeKey);
        final CommandResult earlier = earlierBytes == null ? null : codec.decode(earlierBytes, CommandResult.class);
        // a follow-up's outcome is answered however old: the process manager re-sends one whose result it missed
        if (earlier != null
                && (DedupePurge.keptForever(earlier)
                        || earlier.getProcessedAt().plus(dedupeWindow).isAfter(now))) {
            if (CommandFingerprint.matches(earlier.getRequestFingerprint(), fingerprint)) {
                // a retry: answer again with the first outcome, write nothing else
                metrics.duplicate(in.type());
                DecisionTracing.duplicate(in, earlier);
                context.forward(
                        new Record<>(in.commandId(), codec.toWire(earlierBytes), now.toEpochMilli()),
                        CommandTopology.RESULTS_SINK);
            } else {
                // the id of an earlier command sent with another request: its outcome is not this one's
                refuse(
                        in,
                        RejectionCode.IDEMPOTENCY_KEY_REUSED,
                        "commandId (Idempotency-Key) '" + in.commandId()
                                + "' was first used for a different " + earlier.getCommandType()
                                + " request on account "
                                + in.accountId() + "; use a new key for a new request",
                        fingerprint,
                        now);
            }
            return;
        }
        final Account state = load(in.accountId());
        final Decision decision = decide(record, in, state, now);
        final CommandResult result;
        if (decision instanceof Decision.Accepted accepted) {
            Account next = state;
            for (int i = 0; i < accepted.events().size(); i++) {
                // a producer writing to the commands topic directly may send the holder in clear: sealed here
                final AccountEvent event = sealing.seal(
                        accepted.events().get(i),
                        (keyRecord, wrapped) -> context.forward(
                                new Record<>(keyRecord, wrapped, now.toEpochMilli()),
                                CommandTopology.PERSONAL_KEYS_SINK));
                next = AccountDecider.evolve(next, event);
                final SpecificRecord avro =
                        EventMapping.toAvro(event, eventIds.of(in.accountId(), in.commandId(), i), eventMetadata(in));
                context.forward(
                        new Record<>(
                                in.accountId(),
                                codec.encode(avro),
                                recordTimestamp(event.occurredAt()),
                                DecisionTracing.eventHeaders()),
                        CommandTopology.EVENTS_SINK);
            }
            accounts.put(in.accountId(), next);
            result = accepted(in, next, accepted.events().size(), fingerprint, now);
            metrics.accepted(in.type());
        } else {
            final Rejection rejection = ((Decision.Rejected) decision).rejection();
            result = rejected(in, rejection, fingerprint, now);
            metrics.rejected(in.type(), rejection.reason().name());
        }
        DecisionTracing.outcome(in, result);
        final byte[] encoded = codec.encode(result);
        // the store keeps single-object encoding (a restore must not need the registry); the topic gets the wire's
        dedupe.put(dedupeKey, codec.toSingleObject(encoded));
        context.forward(new Record<>(in.commandId(), encoded, now.toEpochMilli()), CommandTopology.RESULTS_SINK);
        LOG.debug(
                "{} of account {}: {} at version {}",
                in.type(),
                in.accountId(),
                result.getOutcome(),
                result.getVersion());
    }

    /**
     * The first outcome remembered for this command's id on this account. Entries written before ids were scoped per
     * account are keyed by the commandId alone; such an entry counts only when it was for this very account.
     */
    private byte[] remembered(final IncomingCommand in, final String dedupeKey) {
        final byte[] scoped = dedupe.get(dedupeKey);
        if (scoped != null) {
            return scoped;
        }
        final byte[] legacy = dedupe.get(DedupeKeys.legacy(in.commandId()));
        if (legacy == null) {
            return null;
        }
        final CommandResult result = codec.decode(legacy, CommandResult.class);
        return in.commandId().equals(result.getCommandId()) && Objects.equals(in.accountId(), result.getAccountId())
                ? legacy
                : null;
    }

    /**
     * Why this command is on the wrong partition, or null when it is on the one Kafka's default partitioner gives its
     * account id. A record without key, or keyed by something else, is refused by {@link #decide} for its key.
     */
    private String misplaced(final Record<String, byte[]> record, final IncomingCommand in) {
        final var source = context.recordMetadata();
        if (in.accountId() == null || !in.accountId().equals(record.key()) || source.isEmpty()) {
            return null;
        }
        final int owner = KeyPartitioner.partition(in.accountId(), commandPartitions);
        final int partition = source.get().partition();
        if (partition == owner) {
            return null;
        }
        return "account " + in.accountId() + " belongs to partition " + owner + " of "
                + source.get().topic()
                + " (" + commandPartitions + " partitions), but this command was written to partition " + partition
                + ": producers must place records by Kafka's default partitioner, murmur2 of the key bytes "
                + "(librdkafka clients: partitioner=murmur2_random), so that one writer owns each account";
    }

    /** A rejection decided before the account's rules: answered, counted, and not remembered for retries. */
    private void refuse(
            final IncomingCommand in,
            final RejectionCode code,
            final String message,
            final byte[] fingerprint,
            final Instant now) {
        // version 0, no current version: this partition or first outcome does not speak for the account's state
        final CommandResult result = rejected(in, code, message, 0, null, fingerprint, now);
        metrics.rejected(in.type(), code.name());
        DecisionTracing.outcome(in, result);
        LOG.debug("{} of account {}: {} {}", in.type(), in.accountId(), code, message);
        context.forward(
                new Record<>(in.commandId(), codec.encode(result), now.toEpochMilli()), CommandTopology.RESULTS_SINK);
    }

    private Decision decide(
            final Record<String, byte[]> record, final IncomingCommand in, final Account state, final Instant now) {
        if (in.command() == null) {
            return Decision.reject(Rejection.Reason.INVALID_COMMAND, in.invalidReason(), state);
        }
        if (!in.accountId().equals(record.key())) {
            return Decision.reject(
                    Rejection.Reason.INVALID_COMMAND,
                    "the record key '" + record.key() + "' must be the accountId '" + in.accountId()
                            + "' so that one writer owns the account",
                    state);
        }
        if (in.command().occurredAt() != null && !allowOccurredAt) {
            return Decision.reject(
                    Rejection.Reason.INVALID_COMMAND,
                    "occurredAt is not accepted: the service runs without allow-occurred-at",
                    state);
        }
        return AccountDecider.decide(in.command(), state, now);
    }

    private Account load(final String accountId) {
        final Account account = accountId == null ? null : accounts.get(accountId);
        return account == null ? Account.initial(accountId == null ? "" : accountId) : account;
    }

    private void deadLetter(final Record<String, byte[]> record, final String errorClass, final String reason) {
        LOG.warn("dead-lettering a record with key {}: {}", record.key(), reason);
        metrics.deadLettered(errorClass);
        final var source = context.recordMetadata();
        final Record<String, byte[]> dead =
                new Record<>(record.key(), record.value(), record.timestamp(), record.headers());
        dead.headers().add(DeadLetterHeaders.ERROR_CLASS, bytes(errorClass));
        dead.headers().add(DeadLetterHeaders.REASON, bytes(reason == null ? errorClass : reason));
        source.ifPresent(meta -> {
            dead.headers().add(DeadLetterHeaders.SOURCE_TOPIC, bytes(meta.topic()));
            dead.headers().add(DeadLetterHeaders.SOURCE_PARTITION, bytes(String.valueOf(meta.partition())));
            dead.headers().add(DeadLetterHeaders.SOURCE_OFFSET, bytes(String.valueOf(meta.offset())));
        });
        context.forward(dead, CommandTopology.DLQ_SINK);
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The event's Kafka timestamp is its occurredAt, except for imports from before 1970: Kafka refuses negative
     * timestamps, and a record it refuses would stop the partition for good (the stream thread dies on it, is
     * replaced, and meets it again). The event itself keeps the exact instant.
     */
    static long recordTimestamp(final Instant occurredAt) {
        return Math.max(0L, occurredAt.toEpochMilli());
    }

    private static Metadata eventMetadata(final IncomingCommand in) {
        return DecisionTracing.withTraceparent(Metadata.newBuilder(in.metadata())
                        .setCausationId(in.commandId())
                        .setCorrelationId(correlationId(in)))
                .build();
    }

    /** The command's correlation id, or its own id when it has none (what its events carry). */
    private static String correlationId(final IncomingCommand in) {
        return in.metadata().getCorrelationId() != null ? in.metadata().getCorrelationId() : in.commandId();
    }

    private static CommandResult accepted(
            final IncomingCommand in,
            final Account account,
            final int events,
            final byte[] fingerprint,
            final Instant now) {
        return CommandResult.newBuilder()
                .setCommandId(in.commandId())
                .setAccountId(in.accountId())
                .setCommandType(in.type())
                .setOutcome(Outcome.ACCEPTED)
                .setVersion(account.version())
                .setBalance(account.balance())
                .setEventCount(events)
                .setRejection(null)
                .setProcessedAt(now)
                .setRequestFingerprint(ByteBuffer.wrap(fingerprint))
                .build();
    }

    private static CommandResult rejected(
            final IncomingCommand in, final Rejection rejection, final byte[] fingerprint, final Instant now) {
        return rejected(
                in,
                RejectionCode.valueOf(rejection.reason().name()),
                rejection.message(),
                rejection.currentVersion(),
                rejection.currentVersion(),
                fingerprint,
                now);
    }

    private static CommandResult rejected(
            final IncomingCommand in,
            final RejectionCode code,
            final String message,
            final long version,
            final Long currentVersion,
            final byte[] fingerprint,
            final Instant now) {
        return CommandResult.newBuilder()
                .setCommandId(in.commandId())
                .setAccountId(String.valueOf(in.accountId()))
                .setCommandType(in.type())
                .setOutcome(Outcome.REJECTED)
                .setVersion(version)
                .setBalance(null)
                .setEventCount(0)
                .setRejection(dev.kes.schemas.result.Rejection.newBuilder()
                        .setCode(code)
                        .setMessage(message)
                        .setCurrentVersion(currentVersion)
                        .build())
                .setProcessedAt(now)
                .setRequestFingerprint(ByteBuffer.wrap(fingerprint))
                .build();
    }
}
