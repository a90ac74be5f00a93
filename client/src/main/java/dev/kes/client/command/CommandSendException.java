package dev.kes.client.command;

/**
 * The command was certainly not appended: it failed before the producer took it into its buffer (no metadata for the
 * commands topic within {@code max.block.ms}, buffer full, record refused by the client, client closed, result
 * listener not ready). Nothing reached Kafka, so resubmitting it with the same commandId is a first attempt.
 */
public final class CommandSendException extends CommandException {
    private static final long serialVersionUID = 1L;

    public CommandSendException(final String commandId, final String reason, final Throwable cause) {
        super(
                commandId,
                "command " + commandId + " could not be appended: " + reason + "; resubmit it with the same commandId",
                cause);
    }
}
