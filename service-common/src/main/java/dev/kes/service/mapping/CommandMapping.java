package dev.kes.service.mapping;

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
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Between the domain's commands and their Avro form on {@code account-commands}; the envelope (commandId, metadata)
 * is added here. A TransferMoney's commandId is its transferId: a retry of the request is a retry of the transfer.
 */
public final class CommandMapping {
    private CommandMapping() {}

    /** @throws IllegalArgumentException for a TransferMoney whose transferId is not {@code commandId} */
    public static SpecificRecord toAvro(final AccountCommand command, final String commandId, final Metadata metadata) {
        final Long expected = command.expectedVersion().toWire();
        if (command instanceof AccountCommand.OpenAccount c) {
            return new OpenAccount(
                    commandId, c.accountId(), expected, c.occurredAt(), metadata, c.holder(), c.initialDeposit());
        }
        if (command instanceof AccountCommand.DepositMoney c) {
            return new DepositMoney(
                    commandId, c.accountId(), expected, c.occurredAt(), metadata, c.amount(), c.description());
        }
        if (command instanceof AccountCommand.WithdrawMoney c) {
            return new WithdrawMoney(
                    commandId, c.accountId(), expected, c.occurredAt(), metadata, c.amount(), c.description());
        }
        if (command instanceof AccountCommand.AddInterest c) {
            return new AddInterest(commandId, c.accountId(), expected, c.occurredAt(), metadata, c.amount());
        }
        if (command instanceof AccountCommand.CloseAccount c) {
            return new CloseAccount(commandId, c.accountId(), expected, c.occurredAt(), metadata);
        }
        if (command instanceof AccountCommand.TransferMoney c) {
            if (!commandId.equals(c.transferId())) {
                throw new IllegalArgumentException(
                        "a TransferMoney's commandId is its transferId: " + commandId + " is not " + c.transferId());
            }
            return new TransferMoney(
                    commandId,
                    c.accountId(),
                    expected,
                    c.occurredAt(),
                    metadata,
                    c.toAccountId(),
                    c.amount(),
                    c.description());
        }
        if (command instanceof AccountCommand.CreditTransfer c) {
            return new CreditTransfer(
                    commandId,
                    c.accountId(),
                    expected,
                    c.occurredAt(),
                    metadata,
                    c.transferId(),
                    c.fromAccountId(),
                    c.amount(),
                    c.description());
        }
        if (command instanceof AccountCommand.RefundTransfer c) {
            return new RefundTransfer(
                    commandId,
                    c.accountId(),
                    expected,
                    c.occurredAt(),
                    metadata,
                    c.transferId(),
                    c.toAccountId(),
                    c.amount(),
                    c.reason());
        }
        throw new IllegalArgumentException("unmapped command " + command);
    }

    /**
     * The command an Avro record stands for; with a null {@code command} and the reason when only its envelope can
     * be read (an invalid expected version); empty when it is not a command at all.
     */
    public static Optional<IncomingCommand> toDomain(final SpecificRecord record) {
        try {
            return Optional.ofNullable(map(record));
        } catch (IllegalArgumentException e) {
            return Optional.ofNullable(envelope(record, e.getMessage()));
        }
    }

    private static IncomingCommand map(final SpecificRecord record) {
        if (record instanceof OpenAccount c) {
            return of(
                    c.getCommandId(),
                    c.getMetadata(),
                    record,
                    new AccountCommand.OpenAccount(
                            c.getAccountId(),
                            expected(c.getExpectedVersion()),
                            c.getOccurredAt(),
                            c.getHolder(),
                            c.getInitialDeposit()));
        }
        if (record instanceof DepositMoney c) {
            return of(
                    c.getCommandId(),
                    c.getMetadata(),
                    record,
                    new AccountCommand.DepositMoney(
                            c.getAccountId(),
                            expected(c.getExpectedVersion()),
                            c.getOccurredAt(),
                            c.getAmount(),
                            c.getDescription()));
        }
        if (record instanceof WithdrawMoney c) {
            return of(
                    c.getCommandId(),
                    c.getMetadata(),
                    record,
                    new AccountCommand.WithdrawMoney(
                            c.getAccountId(),
                            expected(c.getExpectedVersion()),
                            c.getOccurredAt(),
                            c.getAmount(),
                            c.getDescription()));
        }
        if (record instanceof AddInterest c) {
            return of(
                    c.getCommandId(),
                    c.getMetadata(),
                    record,
                    new AccountCommand.AddInterest(
                            c.getAccountId(), expected(c.getExpectedVersion()), c.getOccurredAt(), c.getAmount()));
        }
        if (record instanceof CloseAccount c) {
            return of(
                    c.getCommandId(),
                    c.getMetadata(),
                    record,
                    new AccountCommand.CloseAccount(
                            c.getAccountId(), expected(c.getExpectedVersion()), c.getOccurredAt()));
        }
        if (record instanceof TransferMoney c) {
            return of(
                    c.getCommandId(),
                    c.getMetadata(),
                    record,
                    new AccountCommand.TransferMoney(
                            c.getAccountId(),
                            expected(c.getExpectedVersion()),
                            c.getOccurredAt(),
                            c.getCommandId(),
                            c.getToAccountId(),
                            c.getAmount(),
                            c.getDescription()));
        }
        if (record instanceof CreditTransfer c) {
            return of(
                    c.getCommandId(),
                    c.getMetadata(),
                    record,
                    new AccountCommand.CreditTransfer(
                            c.getAccountId(),
                            expected(c.getExpectedVersion()),
                            c.getOccurredAt(),
                            c.getTransferId(),
                            c.getFromAccountId(),
                            c.getAmount(),
                            c.getDescription()));
        }
        if (record instanceof RefundTransfer c) {
            return of(
                    c.getCommandId(),
                    c.getMetadata(),
                    record,
                    new AccountCommand.RefundTransfer(
                            c.getAccountId(),
                            expected(c.getExpectedVersion()),
                            c.getOccurredAt(),
                            c.getTransferId(),
                            c.getToAccountId(),
                            c.getAmount(),
                            c.getReason()));
        }
        return null;
    }

    /** Envelope fields are read generically: every command schema has commandId, accountId and metadata. */
    private static IncomingCommand envelope(final SpecificRecord record, final String reason) {
        final Schema schema = record.getSchema();
        if (schema.getField("commandId") == null || schema.getField("accountId") == null) {
            return null;
        }
        final Object metadata = schema.getField("metadata") == null
                ? null
                : record.get(schema.getField("metadata").pos());
        return new IncomingCommand(
                String.valueOf(record.get(schema.getField("commandId").pos())),
                String.valueOf(record.get(schema.getField("accountId").pos())),
                schema.getName(),
                metadata instanceof Metadata m ? m : Metadata.newBuilder().build(),
                null,
                reason);
    }

    private static IncomingCommand of(
            final String commandId,
            final Metadata metadata,
            final SpecificRecord record,
            final AccountCommand command) {
        return new IncomingCommand(
                commandId,
                command.accountId(),
                record.getSchema().getName(),
                metadata == null ? Metadata.newBuilder().build() : metadata,
                command,
                null);
    }

    private static ExpectedVersion expected(final Long wire) {
        return ExpectedVersion.fromWire(wire);
    }
}
