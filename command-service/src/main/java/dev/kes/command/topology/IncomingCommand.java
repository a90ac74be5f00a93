package dev.kes.command.topology;

import dev.kes.domain.AccountCommand;
import dev.kes.domain.ExpectedVersion;
import dev.kes.schemas.command.AddInterest;
import dev.kes.schemas.command.CloseAccount;
import dev.kes.schemas.command.CreditTransfer;
import dev.kes.schemas.command.DepositMoney;
import dev.kes.schemas.command.OpenAccount;
import dev.kes.schemas.command.RefundTransfer;
import dev.kes.schemas.command.TransferMoney;
import dev.kes.schemas.command.WithdrawMoney;
import dev.kes.schemas.common.Metadata;
import org.apache.avro.specific.SpecificRecord;

import java.util.Optional;

/**
 * A command as read from {@code account-commands}: its envelope (id, type, tracing metadata) and the domain
 * command. {@code command} is null when the envelope is readable but the content is not (a negative expected
 * version, say): such a command is still answered, with a rejection.
 */
public record IncomingCommand(String commandId, String accountId, String type, Metadata metadata,
                       AccountCommand command, String invalidReason) {

    public static Optional<IncomingCommand> fromAvro(final SpecificRecord record) {
        try {
            return Optional.ofNullable(map(record));
        } catch (IllegalArgumentException e) {
            return Optional.ofNullable(envelope(record, e.getMessage()));
        }
    }

    private static IncomingCommand map(final SpecificRecord record) {
        if (record instanceof OpenAccount c) {
            return of(c.getCommandId(), c.getMetadata(), record, new AccountCommand.OpenAccount(c.getAccountId(),
                    expected(c.getExpectedVersion()), c.getOccurredAt(), c.getHolder(), c.getInitialDeposit()));
        }
        if (record instanceof DepositMoney c) {
            return of(c.getCommandId(), c.getMetadata(), record, new AccountCommand.DepositMoney(c.getAccountId(),
                    expected(c.getExpectedVersion()), c.getOccurredAt(), c.getAmount(), c.getDescription()));
        }
        if (record instanceof WithdrawMoney c) {
            return of(c.getCommandId(), c.getMetadata(), record, new AccountCommand.WithdrawMoney(c.getAccountId(),
                    expected(c.getExpectedVersion()), c.getOccurredAt(), c.getAmount(), c.getDescription()));
        }
        if (record instanceof AddInterest c) {
            return of(c.getCommandId(), c.getMetadata(), record, new AccountCommand.AddInterest(c.getAccountId(),
                    expected(c.getExpectedVersion()), c.getOccurredAt(), c.getAmount()));
        }
        if (record instanceof CloseAccount c) {
            return of(c.getCommandId(), c.getMetadata(), record, new AccountCommand.CloseAccount(c.getAccountId(),
                    expected(c.getExpectedVersion()), c.getOccurredAt()));
        }
        if (record instanceof TransferMoney c) {
            // the commandId is the transferId: a retry of the request is a retry of the same transfer
            return of(c.getCommandId(), c.getMetadata(), record, new AccountCommand.TransferMoney(c.getAccountId(),
                    expected(c.getExpectedVersion()), c.getOccurredAt(), c.getCommandId(), c.getToAccountId(),
                    c.getAmount(), c.getDescription()));
        }
        if (record instanceof CreditTransfer c) {
            return of(c.getCommandId(), c.getMetadata(), record, new AccountCommand.CreditTransfer(c.getAccountId(),
                    expected(c.getExpectedVersion()), c.getOccurredAt(), c.getTransferId(), c.getFromAccountId(),
                    c.getAmount(), c.getDescription()));
        }
        if (record instanceof RefundTransfer c) {
            return of(c.getCommandId(), c.getMetadata(), record, new AccountCommand.RefundTransfer(c.getAccountId(),
                    expected(c.getExpectedVersion()), c.getOccurredAt(), c.getTransferId(), c.getToAccountId(),
                    c.getAmount(), c.getReason()));
        }
        return null;
    }

    /** Envelope fields are read generically: every command schema has commandId, accountId and metadata. */
    private static IncomingCommand envelope(final SpecificRecord record, final String reason) {
        final var schema = record.getSchema();
        if (schema.getField("commandId") == null || schema.getField("accountId") == null) {
            return null;
        }
        final Object metadata = schema.getField("metadata") == null ? null
                : record.get(schema.getField("metadata").pos());
        return new IncomingCommand(String.valueOf(record.get(schema.getField("commandId").pos())),
                String.valueOf(record.get(schema.getField("accountId").pos())), schema.getName(),
                metadata instanceof Metadata m ? m : Metadata.newBuilder().build(), null, reason);
    }

    private static IncomingCommand of(final String commandId, final Metadata metadata, final SpecificRecord record,
                                      final AccountCommand command) {
        return new IncomingCommand(commandId, command.accountId(), record.getSchema().getName(),
                metadata == null ? Metadata.newBuilder().build() : metadata, command, null);
    }

    private static ExpectedVersion expected(final Long wire) {
        return ExpectedVersion.fromWire(wire);
    }
}
