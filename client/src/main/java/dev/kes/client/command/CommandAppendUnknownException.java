package dev.kes.client.command;

/**
 * Kafka reported a failure after the producer had taken the command: it may have been written anyway (a request that
 * timed out, or a retry that failed after an attempt that did land) and then be applied later. Resubmitting it with
 * the same commandId returns its outcome and never applies it twice.
 */
public final class CommandAppendUnknownException extends CommandException {
    private static final long serialVersionUID = 1L;

    public CommandAppendUnknownException(final String commandId, final Throwable cause) {
        super(
                commandId,
                "command " + commandId + " may or may not have been appended (" + cause
                        + "); resubmit it with the same commandId to learn its outcome",
                cause);
    }
}
