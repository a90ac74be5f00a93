package dev.kes.service.mapping;

import dev.kes.domain.AccountCommand;
import dev.kes.domain.ExpectedVersion;
import dev.kes.schemas.command.AddInterest;
import dev.kes.schemas.command.CloseAccount;
import dev.kes.schemas.command.CreditTransfer;
import dev.kes.schemas.command.DepositMoney;
import dev.kes.schemas.command.ErasePersonalData;
import dev.kes.schemas.command.OpenAccount;
import dev.kes.schemas.command.RefundTransfer;
import dev.kes.schemas.command.TransferMoney;
import dev.kes.schemas.command.WithdrawMoney;
import dev.kes.schemas.common.Metadata;
import java.time.Instant;
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
        // Every command schema starts with this envelope; only the payload differs per type.
        final String account = command.accountId();
        final Long expected = command.expectedVersion().toWire();
        final Instant at = command.occurredAt();
        if (command instanceof AccountCommand.OpenAccount c) {
            return new OpenAccount(commandId, account, expected, at, metadata, c.holder(), c.initialDeposit());
        }
        if (command instanceof AccountCommand.DepositMoney c) {
            return new DepositMoney(commandId, account, expected, at, metadata, c.amount(), c.description());
        }
        if (command instanceof AccountCommand.WithdrawMoney c) {
            return new WithdrawMoney(commandId, account, expected, at, metadata, c.amount(), c.description());
        }
        if (command instanceof AccountCommand.AddInterest c) {
            return new AddInterest(commandId, account, expected, at, metadata, c.amount());
        }
        if (command instanceof AccountCommand.CloseAccount) {
            return new CloseAccount(commandId, account, expected, at, metadata);
        }
        if (command instanceof AccountCommand.ErasePersonalData) {
            return new ErasePersonalData(commandId, account, expected, at, metadata);
        }
        if (command instanceof AccountCommand.TransferMoney c) {
            if (!commandId.equals(c.transferId())) {
                throw new IllegalArgumentException(
                        "a TransferMoney's commandId is its transferId: " + commandId + " is not " + c.transferId());
            }
            return new TransferMoney(
                    commandId, account, expected, at, metadata, c.toAccountId(), c.amount(), c.description());
        }
        if (command instanceof AccountCommand.CreditTransfer c) {
            return new CreditTransfer(
                    commandId,
                    account,
                    expected,
                    at,
                    metadata,
                    c.transferId(),
                    c.fromAccountId(),
                    c.amount(),
                    c.description());
        }
        if (command instanceof AccountCommand.RefundTransfer c) {
            return new RefundTransfer(
                    commandId,
                    account,
                    expected,
                    at,
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
        // The envelope is read by name: every command schema has these fields, and no Avro type joins them.
        final Schema schema = record.getSchema();
        if (schema.getField("commandId") == null || schema.getField("accountId") == null) {
            return Optional.empty();
        }
        final String commandId = String.valueOf(field(record, "commandId"));
        final String accountId = String.valueOf(field(record, "accountId"));
        final Metadata metadata = field(record, "metadata") instanceof Metadata m
                ? m
                : Metadata.newBuilder().build();
        final AccountCommand command;
        try {
            final Long wire = field(record, "expectedVersion") instanceof Long v ? v : null;
            final Instant at = field(record, "occurredAt") instanceof Instant i ? i : null;
            command = payload(record, accountId, ExpectedVersion.fromWire(wire), at);
        } catch (IllegalArgumentException e) {
            return Optional.of(
                    new IncomingCommand(commandId, accountId, schema.getName(), metadata, null, e.getMessage()));
        }
        return Optional.ofNullable(command)
                .map(c -> new IncomingCommand(commandId, accountId, schema.getName(), metadata, c, null));
    }

    /** The domain command with the envelope's fields and the record's payload; null when it is no command. */
    private static AccountCommand payload(
            final SpecificRecord record, final String account, final ExpectedVersion expected, final Instant at) {
        if (record instanceof OpenAccount c) {
            return new AccountCommand.OpenAccount(account, expected, at, c.getHolder(), c.getInitialDeposit());
        }
        if (record instanceof DepositMoney c) {
            return new AccountCommand.DepositMoney(account, expected, at, c.getAmount(), c.getDescription());
        }
        if (record instanceof WithdrawMoney c) {
            return new AccountCommand.WithdrawMoney(account, expected, at, c.getAmount(), c.getDescription());
        }
        if (record instanceof AddInterest c) {
            return new AccountCommand.AddInterest(account, expected, at, c.getAmount());
        }
        if (record instanceof CloseAccount) {
            return new AccountCommand.CloseAccount(account, expected, at);
        }
        if (record instanceof ErasePersonalData) {
            return new AccountCommand.ErasePersonalData(account, expected, at);
        }
        if (record instanceof TransferMoney c) {
            return new AccountCommand.TransferMoney(
                    account, expected, at, c.getCommandId(), c.getToAccountId(), c.getAmount(), c.getDescription());
        }
        if (record instanceof CreditTransfer c) {
            return new AccountCommand.CreditTransfer(
                    account, expected, at, c.getTransferId(), c.getFromAccountId(), c.getAmount(), c.getDescription());
        }
        if (record instanceof RefundTransfer c) {
            return new AccountCommand.RefundTransfer(
                    account, expected, at, c.getTransferId(), c.getToAccountId(), c.getAmount(), c.getReason());
        }
        return null;
    }

    private static Object field(final SpecificRecord record, final String name) {
        final Schema.Field field = record.getSchema().getField(name);
        return field == null ? null : record.get(field.pos());
    }
}
