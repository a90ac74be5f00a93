package dev.kes.client.command;

/**
 * The command service wrote the command's result, but this client cannot read it (unreadable bytes, a schema it does
 * not know, a registry it has not been given or cannot reach), so the outcome is unknown here. Resubmitting it with the
 * same commandId once the cause is fixed returns its outcome and never applies it twice.
 */
public final class CommandResultUnreadableException extends CommandException {
    private static final long serialVersionUID = 1L;

    public CommandResultUnreadableException(final String commandId, final Throwable cause) {
        super(
                commandId,
                "the result of command " + commandId + " cannot be read here (" + cause.getMessage()
                        + "); its outcome is unknown: resubmit it with the same commandId to learn it",
                cause);
    }
}
