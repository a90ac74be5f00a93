package dev.kes.admin.testing;

import dev.kes.schemas.command.CloseAccount;
import dev.kes.schemas.command.DepositMoney;
import dev.kes.schemas.command.OpenAccount;
import dev.kes.schemas.command.WithdrawMoney;
import dev.kes.schemas.common.Metadata;

import java.math.BigDecimal;
import java.util.UUID;

/** Avro commands for {@code CommandClient}. */
public final class Commands {
    private Commands() {
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private static Metadata meta() {
        return Metadata.newBuilder().build();
    }

    public static OpenAccount open(final String accountId, final String deposit) {
        return new OpenAccount(id(), accountId, 0L, null, meta(), "Holder of " + accountId, new BigDecimal(deposit));
    }

    public static DepositMoney deposit(final String accountId, final String amount, final long expectedVersion) {
        return new DepositMoney(id(), accountId, expectedVersion, null, meta(), new BigDecimal(amount), "test");
    }

    /** A deposit at any version (no If-Match). */
    public static DepositMoney depositAnyVersion(final String accountId, final String amount) {
        return new DepositMoney(id(), accountId, null, null, meta(), new BigDecimal(amount), "test");
    }

    public static WithdrawMoney withdraw(final String accountId, final String amount, final long expectedVersion) {
        return new WithdrawMoney(id(), accountId, expectedVersion, null, meta(), new BigDecimal(amount), null);
    }

    public static CloseAccount close(final String accountId, final long expectedVersion) {
        return new CloseAccount(id(), accountId, expectedVersion, null, meta());
    }
}
