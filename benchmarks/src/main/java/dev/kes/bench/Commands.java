package dev.kes.bench;

import dev.kes.domain.AccountCommand;
import dev.kes.domain.ExpectedVersion;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.mapping.CommandMapping;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The commands of the benchmarks: domain commands mapped by {@link CommandMapping} and encoded as on the wire
 * ({@link AvroCodec#shipped()}). Every deposit has the same encoded size (fixed-width account ids, a UUID commandId,
 * the same amount and description), which is the record size the raw-producer and bare-processor benchmarks use.
 */
final class Commands {
    static final BigDecimal AMOUNT = new BigDecimal("1.00");
    static final String DESCRIPTION = "benchmark";
    private static final AvroCodec CODEC = AvroCodec.shipped();

    private Commands() {}

    /** {@code acc-000042}: the same length for every index below a million. */
    static String accountId(final int index) {
        return String.format(Locale.ROOT, "acc-%06d", index);
    }

    static String[] accountIds(final int accounts) {
        final String[] ids = new String[accounts];
        for (int i = 0; i < accounts; i++) {
            ids[i] = accountId(i);
        }
        return ids;
    }

    static String random(final String[] accountIds) {
        return accountIds[ThreadLocalRandom.current().nextInt(accountIds.length)];
    }

    static byte[] deposit(final String accountId) {
        return deposit(accountId, CODEC);
    }

    /** A deposit encoded with {@code codec} (registry-cost: the registry framing). */
    static byte[] deposit(final String accountId, final AvroCodec codec) {
        return encode(
                codec,
                UUID.randomUUID().toString(),
                new AccountCommand.DepositMoney(accountId, ExpectedVersion.any(), null, AMOUNT, DESCRIPTION));
    }

    static byte[] open(final String accountId) {
        return open(accountId, CODEC);
    }

    static byte[] open(final String accountId, final AvroCodec codec) {
        return encode(codec, UUID.randomUUID().toString(), opening(accountId, new BigDecimal("100.00")));
    }

    /** An account with {@code initialDeposit}: transfers' sources must never run dry during a run. */
    static byte[] open(final String accountId, final BigDecimal initialDeposit) {
        return encode(CODEC, UUID.randomUUID().toString(), opening(accountId, initialDeposit));
    }

    private static AccountCommand opening(final String accountId, final BigDecimal initialDeposit) {
        return new AccountCommand.OpenAccount(
                accountId, ExpectedVersion.any(), null, "Benchmark Holder", initialDeposit);
    }

    /** A transfer of {@link #AMOUNT} sent straight to account-commands; its commandId is the transferId. */
    static byte[] transfer(final String transferId, final String from, final String to) {
        return encode(
                CODEC,
                transferId,
                new AccountCommand.TransferMoney(
                        from, ExpectedVersion.any(), null, transferId, to, AMOUNT, DESCRIPTION));
    }

    private static byte[] encode(final AvroCodec codec, final String commandId, final AccountCommand command) {
        return codec.encode(
                CommandMapping.toAvro(command, commandId, Metadata.newBuilder().build()));
    }

    /** Another account than {@code from}, drawn uniformly. */
    static String otherThan(final String[] accountIds, final String from) {
        while (true) {
            final String to = random(accountIds);
            if (!to.equals(from)) {
                return to;
            }
        }
    }

    /** The serialized size of a DepositMoney command value, the record size every benchmark uses. */
    static int depositSize() {
        return deposit(accountId(0)).length;
    }

    /** The key size: an account id. */
    static int keySize() {
        return accountId(0).length();
    }
}
