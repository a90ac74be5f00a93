package dev.kes.command.testing;

import dev.kes.schemas.command.CreditTransfer;
import dev.kes.schemas.command.DepositMoney;
import dev.kes.schemas.command.OpenAccount;
import dev.kes.schemas.command.TransferMoney;
import dev.kes.schemas.common.Metadata;
import java.math.BigDecimal;

/** Commands as a client sends them (no expected version unless given, no occurredAt), for the processor's tests. */
public final class TestCommands {
    /** The correlation id every test command carries, so that a test can see it carried over to the events. */
    public static final String CORRELATION = "corr-1";

    private TestCommands() {}

    public static Metadata metadata() {
        return Metadata.newBuilder().setCorrelationId(CORRELATION).build();
    }

    public static OpenAccount open(final String commandId, final String id, final String holder, final String deposit) {
        return OpenAccount.newBuilder()
                .setCommandId(commandId)
                .setAccountId(id)
                .setExpectedVersion(null)
                .setOccurredAt(null)
                .setMetadata(metadata())
                .setHolder(holder)
                .setInitialDeposit(new BigDecimal(deposit))
                .build();
    }

    public static DepositMoney deposit(
            final String commandId, final String id, final String amount, final Long expected) {
        return deposit(commandId, id, amount, expected, null);
    }

    public static DepositMoney deposit(
            final String commandId,
            final String id,
            final String amount,
            final Long expected,
            final String description) {
        return DepositMoney.newBuilder()
                .setCommandId(commandId)
                .setAccountId(id)
                .setExpectedVersion(expected)
                .setOccurredAt(null)
                .setMetadata(metadata())
                .setAmount(new BigDecimal(amount))
                .setDescription(description)
                .build();
    }

    /** A TransferMoney: its commandId is its transferId. */
    public static TransferMoney transfer(
            final String transferId,
            final String from,
            final String to,
            final String amount,
            final String description) {
        return TransferMoney.newBuilder()
                .setCommandId(transferId)
                .setAccountId(from)
                .setExpectedVersion(null)
                .setOccurredAt(null)
                .setMetadata(metadata())
                .setToAccountId(to)
                .setAmount(new BigDecimal(amount))
                .setDescription(description)
                .build();
    }

    /** The process manager's credit of {@code amount} from {@code from} to {@code target}. */
    public static CreditTransfer credit(
            final String commandId,
            final String target,
            final String transferId,
            final String from,
            final String amount,
            final String description) {
        return CreditTransfer.newBuilder()
                .setCommandId(commandId)
                .setAccountId(target)
                .setExpectedVersion(null)
                .setOccurredAt(null)
                .setMetadata(metadata())
                .setTransferId(transferId)
                .setFromAccountId(from)
                .setAmount(new BigDecimal(amount))
                .setDescription(description)
                .build();
    }
}
