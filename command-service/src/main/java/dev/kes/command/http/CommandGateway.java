package dev.kes.command.http;

import dev.kes.client.command.CommandClient;
import dev.kes.client.command.CommandSendException;
import dev.kes.client.command.CommandTimeoutException;
import dev.kes.schemas.result.CommandResult;
import dev.kes.service.http.Problem;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Request/reply over Kafka for the HTTP API: the {@link CommandClient}, answered synchronously and in HTTP terms.
 * A command that certainly did not reach Kafka ({@link CommandSendException}) is a 503; every other failure, where it
 * may have been appended (a send that failed after the producer took it, a result not seen in time), is a 504. Both
 * name the commandId: retrying with the same Idempotency-Key is safe.
 */
public final class CommandGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommandGateway.class);
    /** The client times out by itself; this only guards against a future that would never complete. */
    private static final Duration SAFETY_MARGIN = Duration.ofSeconds(5);

    private final CommandClient client;

    public CommandGateway(final CommandClient client) {
        this.client = client;
    }

    public boolean isReady() {
        return client.isReady();
    }

    public CommandResult submit(final String commandId, final SpecificRecord command) {
        try {
            return client.submit(command).get(client.timeout().plus(SAFETY_MARGIN).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CommandSendException) {
                LOG.warn("command {} was not appended: {}", commandId, e.getCause().getMessage());
                throw unavailable(commandId);
            }
            if (!(e.getCause() instanceof CommandTimeoutException)) {
                LOG.warn("outcome of command {} unknown: {}", commandId, e.getCause().getMessage());
            }
            throw outcomeUnknown(commandId);
        } catch (TimeoutException e) {
            throw outcomeUnknown(commandId);
        } catch (IllegalStateException e) {
            // closing: the service is going away under this request
            throw unavailable(commandId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw outcomeUnknown(commandId);
        }
    }

    private static RuntimeException unavailable(final String commandId) {
        return Problem.of(503, "kafka-unavailable", "Event store unavailable",
                        "the command was not appended; retry with the same Idempotency-Key")
                .with("commandId", commandId).exception();
    }

    private static RuntimeException outcomeUnknown(final String commandId) {
        return Problem.of(504, "outcome-unknown", "Outcome not known in time",
                        "the command may have been appended, but its result was not seen in time; retry with the "
                                + "same Idempotency-Key: that returns its outcome and never applies it twice")
                .with("commandId", commandId).exception();
    }

    @Override
    public void close() {
        client.close();
    }
}
