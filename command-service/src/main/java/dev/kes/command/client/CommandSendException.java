package dev.kes.command.client;

/**
 * Appending the command to the commands topic failed (Kafka unavailable, timed out, client closing). The command is
 * most likely not on the topic, but a timed-out send may still have landed: resubmit it with the same commandId.
 */
public final class CommandSendException extends CommandException {
    private static final long serialVersionUID = 1L;

    public CommandSendException(final String commandId, final String reason, final Throwable cause) {
        super(commandId, "command " + commandId + " could not be appended: " + reason
                + "; resubmit it with the same commandId", cause);
    }
}
