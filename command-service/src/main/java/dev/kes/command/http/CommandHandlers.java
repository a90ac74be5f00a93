package dev.kes.command.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.command.CommandMetrics;
import dev.kes.domain.AccountCommand;
import dev.kes.domain.AccountDecider;
import dev.kes.domain.AccountIds;
import dev.kes.domain.ExpectedVersion;
import dev.kes.domain.Money;
import dev.kes.domain.PersonalValues;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.result.Outcome;
import dev.kes.service.http.JsonBody;
import dev.kes.service.http.Problem;
import dev.kes.service.http.ProblemException;
import dev.kes.service.kafka.ConsistencyToken;
import dev.kes.service.logging.LogContext;
import dev.kes.service.mapping.CommandMapping;
import dev.kes.service.personal.PersonalData;
import dev.kes.service.personal.PersonalDataException;
import dev.kes.service.tracing.HttpTracing;
import dev.kes.service.tracing.Tracing;
import io.javalin.http.Context;
import jakarta.servlet.AsyncContext;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One small handler per command: read the request into a domain command, validate it, map it to Avro
 * ({@link CommandMapping}), submit, answer when the result comes (no thread waits for it). The time from submission
 * to the result is measured per command type and outcome; commandId and correlationId are in the logging MDC while
 * the request is read and while it is answered.
 */
final class CommandHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(CommandHandlers.class);
    private final CommandGateway gateway;
    private final ObjectMapper mapper;
    private final CommandMetrics metrics;
    private final PersonalData personal;

    CommandHandlers(
            final CommandGateway gateway,
            final ObjectMapper mapper,
            final CommandMetrics metrics,
            final PersonalData personal) {
        this.gateway = gateway;
        this.mapper = mapper;
        this.metrics = metrics;
        this.personal = personal;
    }

    void open(final Context ctx) {
        final JsonBody body = JsonBody.read(ctx, mapper, false)
                .allowOnly(Set.of("accountId", "holder", "initialDeposit", "occurredAt"));
        final String commandId = RequestHeaders.commandId(ctx);
        // without an accountId the key names the new account, so that a retry of this request is one for that account
        final String accountId = body.text("accountId")
                .orElseGet(() -> UUID.nameUUIDFromBytes(("kes-account:" + commandId).getBytes(StandardCharsets.UTF_8))
                        .toString());
        final AccountCommand.OpenAccount clear = new AccountCommand.OpenAccount(
                accountId,
                ExpectedVersion.any(),
                body.instant("occurredAt").orElse(null),
                body.requiredText("holder"),
                body.requiredMoney("initialDeposit"));
        if (PersonalValues.isSealed(clear.holder())) {
            throw Problem.badRequest("holder must not start with '" + PersonalValues.SEALED_PREFIX + "'")
                    .exception();
        }
        // validated in the clear, then sealed: no clear holder leaves this service (docs/adr/0016)
        AccountDecider.validate(clear).ifPresent(problem -> {
            throw Problem.badRequest(problem).exception();
        });
        final AccountCommand command = new AccountCommand.OpenAccount(
                clear.accountId(),
                clear.expectedVersion(),
                clear.occurredAt(),
                personal.seal(accountId, "holder", clear.holder().strip()),
                clear.initialDeposit());
        answer(ctx, command, commandId, UnaryOperator.identity(), result -> {
            respond(ctx, result, 201);
            ctx.header("Location", "/accounts/" + accountId);
        });
    }

    void deposit(final Context ctx) {
        movement(ctx, AccountCommand.DepositMoney::new);
    }

    void withdraw(final Context ctx) {
        movement(ctx, AccountCommand.WithdrawMoney::new);
    }

    /** A deposit's or a withdrawal's constructor: both requests carry the same fields. */
    private interface MovementCommand {
        AccountCommand of(
                String accountId,
                ExpectedVersion expectedVersion,
                Instant occurredAt,
                BigDecimal amount,
                String description);
    }

    private void movement(final Context ctx, final MovementCommand kind) {
        final JsonBody body =
                JsonBody.read(ctx, mapper, false).allowOnly(Set.of("amount", "description", "occurredAt"));
        final String commandId = RequestHeaders.commandId(ctx);
        execute(
                ctx,
                kind.of(
                        ctx.pathParam("id"),
                        RequestHeaders.expectedVersion(ctx),
                        body.instant("occurredAt").orElse(null),
                        body.requiredMoney("amount"),
                        body.text("description").orElse(null)),
                commandId,
                200);
    }

    void interest(final Context ctx) {
        final JsonBody body = JsonBody.read(ctx, mapper, false).allowOnly(Set.of("amount", "occurredAt"));
        final String commandId = RequestHeaders.commandId(ctx);
        execute(
                ctx,
                new AccountCommand.AddInterest(
                        ctx.pathParam("id"),
                        RequestHeaders.expectedVersion(ctx),
                        body.instant("occurredAt").orElse(null),
                        body.requiredMoney("amount")),
                commandId,
                200);
    }

    void close(final Context ctx) {
        final JsonBody body = JsonBody.read(ctx, mapper, true).allowOnly(Set.of("occurredAt"));
        final String commandId = RequestHeaders.commandId(ctx);
        execute(
                ctx,
                new AccountCommand.CloseAccount(
                        ctx.pathParam("id"),
                        RequestHeaders.expectedVersion(ctx),
                        body.instant("occurredAt").orElse(null)),
                commandId,
                200);
    }

    /**
     * Records the erasure (idempotent: an erased account answers the same without a new event), then tombstones the
     * account's data keys before answering; {@code ErasureWatcher} tombstones them too should this instance stop in
     * between.
     */
    void erase(final Context ctx) {
        final String commandId = RequestHeaders.commandId(ctx);
        final String accountId = ctx.pathParam("id");
        answer(
                ctx,
                new AccountCommand.ErasePersonalData(accountId, RequestHeaders.expectedVersion(ctx), null),
                commandId,
                UnaryOperator.identity(),
                result -> {
                    try {
                        personal.erase(accountId);
                    } catch (PersonalDataException e) {
                        // the erasure is recorded: the watcher tombstones the keys once the keys topic is writable
                        LOG.warn("account {}: data keys not tombstoned yet: {}", accountId, e.getMessage());
                    }
                    respond(ctx, result, 200);
                });
    }

    /**
     * Debits the source and answers 202 PENDING once that is committed; crediting the target is the process manager's
     * part (DESIGN.md "Transfers"). The transferId is the TransferMoney's commandId, so a retry debits nothing new.
     */
    void transfer(final Context ctx) {
        final JsonBody body = JsonBody.read(ctx, mapper, false)
                .allowOnly(Set.of("transferId", "fromAccountId", "toAccountId", "amount", "description"));
        final String transferId = transferId(ctx, body);
        final String from = body.requiredText("fromAccountId");
        if (!AccountIds.isValid(from)) {
            // said here: the domain would name it accountId, a field this request does not have
            throw Problem.badRequest("fromAccountId must be 1-64 characters of letters, digits, '.', '_' or '-'")
                    .exception();
        }
        final AccountCommand.TransferMoney command = new AccountCommand.TransferMoney(
                from,
                RequestHeaders.expectedVersion(ctx),
                null,
                transferId,
                body.requiredText("toAccountId"),
                body.requiredMoney("amount"),
                body.text("description").orElse(null));
        answer(
                ctx,
                command,
                transferId,
                problem -> problem.with("transferId", transferId),
                result -> ctx.status(202)
                        .header("ETag", "\"" + result.getVersion() + "\"")
                        .header("Location", "/transfers/" + URLEncoder.encode(transferId, StandardCharsets.UTF_8))
                        .json(new TransferResponse(
                                transferId,
                                TransferResponse.PENDING,
                                from,
                                command.toAccountId(),
                                Money.of(command.amount()).toPlainString(),
                                position(result))));
    }

    /** The body's transferId or the Idempotency-Key, which must agree when both are given; else a fresh id. */
    private static String transferId(final Context ctx, final JsonBody body) {
        final Optional<String> key = RequestHeaders.idempotencyKey(ctx);
        final Optional<String> given = body.text("transferId");
        if (given.isPresent() && !RequestHeaders.isKey(given.get())) {
            throw Problem.badRequest("transferId must be 1-128 visible ASCII characters")
                    .exception();
        }
        if (key.isPresent() && given.isPresent() && !key.get().equals(given.get())) {
            throw Problem.badRequest("the Idempotency-Key header and the body's transferId differ; the key is the "
                            + "transferId: send one of them, or both the same")
                    .exception();
        }
        final String transferId =
                key.or(() -> given).orElseGet(() -> UUID.randomUUID().toString());
        if (transferId.contains("/")) {
            // "<transferId>/credit" is the process manager's credit: a transfer must not be able to pose as one
            throw Problem.badRequest("a transferId (Idempotency-Key) must not contain '/': it separates the "
                            + "commandIds the process manager derives from it, and the id is a path segment of "
                            + "GET /transfers/{id}")
                    .exception();
        }
        return transferId;
    }

    private void execute(
            final Context ctx, final AccountCommand command, final String commandId, final int successStatus) {
        answer(ctx, command, commandId, UnaryOperator.identity(), result -> respond(ctx, result, successStatus));
    }

    private static void respond(final Context ctx, final CommandResult result, final int successStatus) {
        ctx.status(successStatus)
                .header("ETag", "\"" + result.getVersion() + "\"")
                .json(new CommandResponse(
                        result.getAccountId(),
                        result.getVersion(),
                        result.getBalance() == null ? null : result.getBalance().toPlainString(),
                        result.getCommandId(),
                        position(result)));
    }

    /**
     * Validates the command on this thread, maps it to its Avro form, then submits it and lets Jetty's thread go:
     * {@code respond} writes the accepted command's answer when its result comes, on one of Jetty's threads with the
     * command's log context. Invalid input, an instance at its in-flight bound, rejections and unknown outcomes are
     * answered as their problems, each passed through {@code problems} first.
     */
    private void answer(
            final Context ctx,
            final AccountCommand command,
            final String commandId,
            final UnaryOperator<Problem> problems,
            final Consumer<CommandResult> respond) {
        final String correlationId = Objects.requireNonNullElse(RequestHeaders.correlationId(ctx), commandId);
        try (LogContext.Scope log = LogContext.command(commandId, correlationId)) {
            // the same validation the processor applies, answered before a round trip through Kafka (and not timed)
            AccountDecider.validate(command).ifPresent(problem -> {
                throw problems.apply(Problem.badRequest(problem)).exception();
            });
        }
        final SpecificRecord avro = CommandMapping.toAvro(command, commandId, metadata(ctx));
        final String type = avro.getSchema().getName();
        // the request's span (README "Tracing"), which the processor's decision continues
        final Headers trace = Tracing.headers(HttpTracing.context(ctx));
        // Javalin calls this once it has put the request in async mode, and answers when the future completes
        ctx.future(() -> {
            try (LogContext.Scope log = LogContext.command(commandId, correlationId)) {
                final long start = System.nanoTime();
                final CompletableFuture<CommandResult> pending;
                try {
                    pending = gateway.submit(commandId, avro, trace, onJetty(ctx, commandId, correlationId));
                } catch (ProblemException e) {
                    throw problems.apply(e.problem()).exception();
                }
                return pending.handle((result, failure) -> {
                    timed(type, start, result);
                    if (failure != null) {
                        final Throwable cause = CommandGateway.unwrapped(failure);
                        if (cause instanceof ProblemException e) {
                            throw problems.apply(e.problem()).exception();
                        }
                        throw new CompletionException(cause);
                    }
                    if (result.getOutcome() == Outcome.REJECTED) {
                        throw problems.apply(Rejections.problem(result)).exception();
                    }
                    respond.accept(result);
                    return null;
                });
            }
        });
    }

    /**
     * Runs a completion on the pool of the Jetty server that holds this request, with the command's log context, so
     * that the Kafka client's threads only hand the result over.
     */
    private static Executor onJetty(final Context ctx, final String commandId, final String correlationId) {
        final AsyncContext async = ctx.req().getAsyncContext();
        return task -> async.start(() -> {
            try (LogContext.Scope log = LogContext.command(commandId, correlationId)) {
                task.run();
            }
        });
    }

    private static String position(final CommandResult result) {
        return new ConsistencyToken(result.getAccountId(), result.getVersion()).encode();
    }

    /** The command's time from submission to its outcome, by type and outcome; no result is outcome unknown. */
    private void timed(final String type, final long start, final CommandResult result) {
        final CommandMetrics.Outcome outcome = result == null
                ? CommandMetrics.Outcome.UNKNOWN
                : result.getOutcome() == Outcome.ACCEPTED
                        ? CommandMetrics.Outcome.ACCEPTED
                        : CommandMetrics.Outcome.REJECTED;
        final Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        metrics.duration(type, outcome, elapsed);
        LOG.debug("{}: {} after {} ms", type, outcome, elapsed.toMillis());
    }

    private static Metadata metadata(final Context ctx) {
        return Metadata.newBuilder()
                .setCorrelationId(RequestHeaders.correlationId(ctx))
                .build();
    }
}
