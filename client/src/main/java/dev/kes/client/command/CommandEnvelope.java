package dev.kes.client.command;

import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The two envelope fields the client routes by. Read by name: every command schema has {@code commandId} and
 * {@code accountId}, so a command type added later is submitted without a change here.
 */
record CommandEnvelope(String commandId, String accountId) {

    /** Empty when the record has no such fields, i.e. is not a command. */
    static Optional<CommandEnvelope> of(final SpecificRecord record) {
        final Schema schema = record.getSchema();
        final Schema.Field commandId = schema.getField("commandId");
        final Schema.Field accountId = schema.getField("accountId");
        if (commandId == null || accountId == null) {
            return Optional.empty();
        }
        return Optional.of(new CommandEnvelope(text(record.get(commandId.pos())), text(record.get(accountId.pos()))));
    }

    /** Avro strings may be {@code Utf8}. */
    private static String text(final Object value) {
        return value == null ? null : value.toString();
    }
}
