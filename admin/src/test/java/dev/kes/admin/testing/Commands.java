package dev.kes.admin.testing;

import dev.kes.schemas.command.AddInterest;
import dev.kes.schemas.command.CloseAccount;
import dev.kes.schemas.command.DepositMoney;
import dev.kes.schemas.command.OpenAccount;
import dev.kes.schemas.command.WithdrawMoney;
import dev.kes.schemas.common.Metadata;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Avro commands for {@code CommandClient}. */
public final class Commands {
    private Commands() {}

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

    /** Commands of an import: they carry when they happened (the service must allow occurredAt). */
    public static OpenAccount openAt(final String accountId, final String deposit, final Instant at) {
        return new OpenAccount(id(), accountId, 0L, at, meta(), "Holder of " + accountId, new BigDecimal(deposit));
    }

    public static DepositMoney depositAt(final String accountId, final String amount, final Instant at) {
        return new DepositMoney(id(), accountId, null, at, meta(), new BigDecimal(amount), "import");
    }

    public static WithdrawMoney withdrawAt(final String accountId, final String amount, final Instant at) {
        return new WithdrawMoney(id(), accountId, null, at, meta(), new BigDecimal(amount), null);
    }

    public static AddInterest interestAt(final String accountId, final String amount, final Instant at) {
        return new AddInterest(id(), accountId, null, at, meta(), new BigDecimal(amount));
    }

    public static CloseAccount close(final String accountId, final long expectedVersion) {
        return new CloseAccount(id(), accountId, expectedVersion, null, meta());
    }
}
