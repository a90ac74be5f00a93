package dev.kes.client.command;

/**
 * A command whose outcome the {@link CommandClient} cannot report. Always names the commandId: resubmitting the same
 * command (same commandId) within the dedupe window is safe, it returns the first outcome and never applies twice.
 */
public class CommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String commandId;

    public CommandException(final String commandId, final String message, final Throwable cause) {
        super(message, cause);
        this.commandId = commandId;
    }

    public String commandId() {
        return commandId;
    }
}
