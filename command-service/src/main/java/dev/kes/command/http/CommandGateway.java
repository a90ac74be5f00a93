package dev.kes.command.http;

import dev.kes.client.command.CommandClient;
import dev.kes.client.command.CommandSendException;
import dev.kes.client.command.CommandTimeoutException;
import dev.kes.command.CommandMetrics;
import dev.kes.schemas.result.CommandResult;
import dev.kes.service.http.Problem;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request/reply over Kafka for the HTTP API: the {@link CommandClient}, answered asynchronously and in HTTP terms. No
 * thread waits for a result; at most {@code maxInFlight} commands are awaited at once, and one more is refused at once
 * with a 503 overloaded, before it reaches Kafka. A command that certainly did not reach Kafka
 * ({@link CommandSendException}) is a 503; every other failure, where it may have been appended (a send that failed
 * after the producer took it, a result not seen in time), is a 504. All name the commandId: retrying with the same
 * Idempotency-Key is safe.
 */
public final class CommandGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommandGateway.class);
    /** The client times out by itself; this only guards against a future that would never complete. */
    private static final Duration SAFETY_MARGIN = Duration.ofSeconds(5);

    private final CommandClient client;
    private final int maxInFlight;
    private final Semaphore slots;
    private final CommandMetrics metrics;

    /**
     * @param maxInFlight commands awaited at once ({@code http.max.in.flight.commands})
     * @param metrics     where the commands in flight ({@link CommandMetrics#IN_FLIGHT}) and those refused
     *                    ({@link CommandMetrics#SHED}) are exposed
     */
    public CommandGateway(final CommandClient client, final int maxInFlight, final CommandMetrics metrics) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
        }
        this.client = client;
        this.maxInFlight = maxInFlight;
        this.slots = new Semaphore(maxInFlight);
        this.metrics = metrics;
        metrics.inFlight(this::inFlight);
    }

    public boolean isReady() {
        return client.isReady();
    }

    /** Commands submitted whose future has not completed yet. */
    public int inFlight() {
        return maxInFlight - slots.availablePermits();
    }

    /**
     * Submits the command and completes, on {@code answerOn}, with its result (accepted or rejected) or with a
     * {@link dev.kes.service.http.ProblemException}: 503 kafka-unavailable or 504 outcome-unknown. The caller's
     * thread waits only as long as a producer's {@code send} may block (no metadata yet, full buffer).
     *
     * @param answerOn where the outcome is mapped and everything chained to the returned future runs: the client's
     *                 threads, which complete its futures, must not write HTTP answers
     * @throws dev.kes.service.http.ProblemException 503 overloaded, when {@code maxInFlight} commands are awaited
     *                                               already: the command was not sent
     */
    public CompletableFuture<CommandResult> submit(
            final String commandId, final SpecificRecord command, final Executor answerOn) {
        return submit(commandId, command, null, answerOn);
    }

    /** As above, the command's record carrying {@code headers} (its trace context); null: none. */
    public CompletableFuture<CommandResult> submit(
            final String commandId,
            final SpecificRecord command,
            final Iterable<Header> headers,
            final Executor answerOn) {
        if (!slots.tryAcquire()) {
            metrics.shed(command.getSchema().getName());
            throw overloaded(commandId);
        }
        final CompletableFuture<CommandResult> pending;
        try {
            pending = client.submit(command, headers);
        } catch (IllegalStateException e) {
            slots.release();
            // closing: the service is going away under this request
            return CompletableFuture.failedFuture(unavailable(commandId));
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
        // the slot is free before anything is answered: a client that saw its answer finds the bound room again
        return pending.orTimeout(client.timeout().plus(SAFETY_MARGIN).toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((result, failure) -> slots.release())
                .handleAsync((result, failure) -> outcome(commandId, result, failure), answerOn);
    }

    private static CommandResult outcome(final String commandId, final CommandResult result, final Throwable failure) {
        if (failure == null) {
            return result;
        }
        final Throwable cause = unwrapped(failure);
        if (cause instanceof CommandSendException) {
            LOG.warn("command {} was not appended: {}", commandId, cause.getMessage());
            throw unavailable(commandId);
        }
        if (!(cause instanceof CommandTimeoutException) && !(cause instanceof TimeoutException)) {
            LOG.warn("outcome of command {} unknown: {}", commandId, cause.getMessage());
        }
        throw outcomeUnknown(commandId);
    }

    /** What failed a stage: the cause a {@link CompletionException} carries, or the failure itself. */
    static Throwable unwrapped(final Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private RuntimeException overloaded(final String commandId) {
        return Problem.of(
                        503,
                        "overloaded",
                        "Too many commands in flight",
                        "this instance awaits the results of " + maxInFlight + " commands already; the command was "
                                + "not sent: retry shortly, with the same Idempotency-Key")
                .with("commandId", commandId)
                .exception();
    }

    private static RuntimeException unavailable(final String commandId) {
        return Problem.of(
                        503,
                        "kafka-unavailable",
                        "Event store unavailable",
                        "the command was not appended; retry with the same Idempotency-Key")
                .with("commandId", commandId)
                .exception();
    }

    private static RuntimeException outcomeUnknown(final String commandId) {
        return Problem.of(
                        504,
                        "outcome-unknown",
                        "Outcome not known in time",
                        "the command may have been appended, but its result was not seen in time; retry with the "
                                + "same Idempotency-Key: that returns its outcome and never applies it twice")
                .with("commandId", commandId)
                .exception();
    }

    @Override
    public void close() {
        client.close();
    }
}
