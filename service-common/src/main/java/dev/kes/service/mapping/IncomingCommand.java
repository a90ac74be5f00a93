package dev.kes.service.mapping;

import dev.kes.domain.AccountCommand;
import dev.kes.schemas.common.Metadata;

/**
 * A command as read from {@code account-commands}: its envelope (id, type, tracing metadata) and the domain
 * command, as {@link CommandMapping#toDomain} reads it. {@code command} is null when the envelope is readable but
 * the content is not (a negative expected version, say): such a command is still answered, with a rejection, and
 * {@code invalidReason} says why.
 */
public record IncomingCommand(
        String commandId,
        String accountId,
        String type,
        Metadata metadata,
        AccountCommand command,
        String invalidReason) {}
