package dev.kes.client.command;

import java.time.Duration;

/**
 * The command was handed to Kafka but its result was not seen in time: it may be applied or not (yet).
 * Resubmitting the same command returns its outcome.
 */
public final class CommandTimeoutException extends CommandException {
    private static final long serialVersionUID = 1L;

    public CommandTimeoutException(final String commandId, final Duration timeout) {
        super(
                commandId,
                "no result for command " + commandId + " within " + timeout.toMillis() + " ms; its outcome "
                        + "is unknown: resubmit it with the same commandId to learn it (it is never applied twice)",
                null);
    }
}
