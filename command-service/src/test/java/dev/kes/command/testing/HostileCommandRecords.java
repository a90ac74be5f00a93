package dev.kes.command.testing;

import dev.kes.schemas.command.AddInterest;
import dev.kes.schemas.command.DepositMoney;
import dev.kes.schemas.command.OpenAccount;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.event.AccountOpened;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.result.Outcome;
import dev.kes.schemas.serde.AvroCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;

/**
 * A seeded mix of records for the commands topic: good commands interleaved with poison (undecodable, unknown or
 * wrong schema: dead-lettered) and with readable commands that are wrong (rejected with a result). Every record says
 * what must become of it.
 */
public final class HostileCommandRecords {
    private static final Metadata METADATA = Metadata.newBuilder().build();
    private static final int OVERSIZED = 600 * 1024;
    /** Oversized records per run: enough to prove the point, few enough that a large run stays in a small heap. */
    private static final int OVERSIZED_BUDGET = 6;

    /** What the processor must do with a record. */
    public enum Fate {
        ACCEPTED,
        REJECTED,
        DEAD_LETTERED
    }

    /**
     * One record to produce. {@code commandId} and {@code accountId} for commands that get a result; {@code
     * errorClass} the {@code kes.dlq.error.class} of a dead-lettered one.
     */
    public record Planned(
            String kind, String key, byte[] value, Fate fate, String commandId, String accountId, String errorClass) {
        @Override
        public String toString() {
            return kind + " key=" + key + " " + (value == null ? "null" : value.length + " bytes") + " → " + fate
                    + (errorClass == null ? "" : " " + errorClass);
        }
    }

    private final AvroCodec codec = AvroCodec.shipped();
    private final Random random;
    private final String prefix;
    private final List<String> accounts = new ArrayList<>();
    private int next;
    private int oversizedLeft = OVERSIZED_BUDGET;

    public HostileCommandRecords(final long seed, final String prefix) {
        this.random = new Random(seed);
        this.prefix = prefix;
    }

    /** The accounts opened first, then {@code count} records: about 40% good, 40% poison, 20% wrong commands. */
    public List<Planned> generate(final int accountCount, final int count) {
        final List<Planned> planned = new ArrayList<>();
        for (int i = 0; i < accountCount; i++) {
            final String account = prefix + "-acc-" + i;
            accounts.add(account);
            planned.add(accepted("open", open(commandId(), account, "Fuzz Holder", new BigDecimal("10.00"))));
        }
        for (int i = 0; i < count; i++) {
            final int dice = random.nextInt(10);
            planned.add(dice < 4 ? good() : dice < 8 ? poison() : wrong());
        }
        return planned;
    }

    private String commandId() {
        return prefix + "-cmd-" + next++;
    }

    private String account() {
        return accounts.get(random.nextInt(accounts.size()));
    }

    private String anyKey() {
        return switch (random.nextInt(3)) {
            case 0 -> null;
            case 1 -> account();
            default -> prefix + "-junk-" + random.nextInt(1000);
        };
    }

    // ---- good commands: always accepted (deposits and interest cannot fail on an open account)

    private Planned good() {
        final String account = account();
        final BigDecimal amount = BigDecimal.valueOf(1 + random.nextInt(10_000), 2);
        final SpecificRecord command = random.nextBoolean()
                ? deposit(commandId(), account, amount, random.nextBoolean() ? "fuzz ✓ دفع" : null)
                : AddInterest.newBuilder()
                        .setCommandId(commandId())
                        .setAccountId(account)
                        .setExpectedVersion(null)
                        .setOccurredAt(null)
                        .setMetadata(METADATA)
                        .setAmount(amount)
                        .build();
        return accepted(command.getSchema().getName(), command);
    }

    private Planned accepted(final String kind, final SpecificRecord command) {
        final String accountId = String.valueOf(
                command.get(command.getSchema().getField("accountId").pos()));
        final String commandId = String.valueOf(
                command.get(command.getSchema().getField("commandId").pos()));
        return new Planned(kind, accountId, codec.encode(command), Fate.ACCEPTED, commandId, accountId, null);
    }

    // ---- readable commands that are wrong: a REJECTED result, no event, nothing dead-lettered

    private Planned wrong() {
        final String account = account();
        final String id = commandId();
        return switch (random.nextInt(9)) {
            case 0 ->
                rejected("key is not the accountId", prefix + "-other", deposit(id, account, BigDecimal.ONE, null));
            case 1 -> rejected("no key", null, deposit(id, account, BigDecimal.ONE, null));
            case 2 -> rejected("negative amount", account, deposit(id, account, new BigDecimal("-5.00"), null));
            case 3 -> rejected("zero amount", account, deposit(id, account, new BigDecimal("0.00"), null));
            case 4 ->
                rejected(
                        "oversized description",
                        account,
                        deposit(id, account, BigDecimal.ONE, "d".repeat(oversized())));
            case 5 -> {
                final DepositMoney negativeVersion = deposit(id, account, BigDecimal.ONE, null);
                negativeVersion.setExpectedVersion(-3L);
                yield rejected("negative expected version", account, negativeVersion);
            }
            case 6 -> rejected("bad account id", "bad id/../é", deposit(id, "bad id/../é", BigDecimal.ONE, null));
            case 7 ->
                rejected(
                        "blank holder",
                        prefix + "-blank-" + id,
                        open(id, prefix + "-blank-" + id, " \t", BigDecimal.ONE));
            default ->
                new Planned(
                        "40-digit amount (same schema, GenericRecord)",
                        account,
                        sameSchemaHugeAmount(id, account),
                        Fate.REJECTED,
                        id,
                        account,
                        null);
        };
    }

    private Planned rejected(final String kind, final String key, final SpecificRecord command) {
        final String commandId = String.valueOf(
                command.get(command.getSchema().getField("commandId").pos()));
        final String accountId = String.valueOf(
                command.get(command.getSchema().getField("accountId").pos()));
        return new Planned(kind, key, codec.encode(command), Fate.REJECTED, commandId, accountId, null);
    }

    /** DepositMoney's own schema and fingerprint, an unscaled amount of 40 digits no Java builder would write. */
    private byte[] sameSchemaHugeAmount(final String commandId, final String accountId) {
        final Schema schema = DepositMoney.getClassSchema();
        final GenericRecord record = new GenericRecordBuilder(schema)
                .set("commandId", commandId)
                .set("accountId", accountId)
                .set("metadata", new GenericRecordBuilder(Metadata.getClassSchema()).build())
                .set("amount", ByteBuffer.wrap(new BigInteger("9".repeat(40)).toByteArray()))
                .build();
        return encodeGeneric(schema, record);
    }

    // ---- poison: dead-lettered with its key and bytes

    private Planned poison() {
        final String key = anyKey();
        final byte[] valid = codec.encode(deposit(commandId(), account(), BigDecimal.ONE, null));
        return switch (random.nextInt(12)) {
            case 0 ->
                dead("random bytes", key, notSingleObject(bytes(1 + random.nextInt(2000))), "MalformedRecordException");
            case 1 -> dead("empty value", key, new byte[0], "MalformedRecordException");
            case 2 -> dead("null value (tombstone)", key, null, "MalformedRecordException");
            case 3 ->
                dead(
                        "truncated encoding",
                        key,
                        Arrays.copyOf(valid, random.nextInt(valid.length)),
                        "MalformedRecordException");
            case 4 ->
                dead("trailing bytes", key, concat(valid, bytes(1 + random.nextInt(20))), "MalformedRecordException");
            case 5 ->
                dead(
                        "command header, random body",
                        key,
                        undecodable(concat(Arrays.copyOf(valid, 10), bytes(random.nextInt(300)))),
                        "MalformedRecordException");
            case 6 ->
                dead(
                        "unknown fingerprint",
                        key,
                        DeadLetters.withFingerprint(valid, random.nextLong()),
                        "UnknownSchemaException");
            case 7 -> dead("mutated schema (GenericRecord)", key, mutatedSchema(), "UnknownSchemaException");
            case 8 ->
                dead(
                        "an event",
                        key,
                        codec.encode(
                                random.nextBoolean()
                                        ? AccountOpened.newBuilder()
                                                .setEventId("e-" + next)
                                                .setAccountId(account())
                                                .setVersion(1)
                                                .setOccurredAt(Instant.now())
                                                .setMetadata(METADATA)
                                                .setHolder("Not A Command")
                                                .setInitialDeposit(BigDecimal.TEN)
                                                .build()
                                        : MoneyDeposited.newBuilder()
                                                .setEventId("e-" + next)
                                                .setAccountId(account())
                                                .setVersion(2)
                                                .setOccurredAt(Instant.now())
                                                .setMetadata(METADATA)
                                                .setAmount(BigDecimal.ONE)
                                                .setDescription(null)
                                                .setBalanceAfter(BigDecimal.TEN)
                                                .build()),
                        "NotACommand");
            case 9 ->
                dead(
                        "a command result",
                        key,
                        codec.encode(CommandResult.newBuilder()
                                .setCommandId(commandId())
                                .setAccountId(account())
                                .setCommandType("DepositMoney")
                                .setOutcome(Outcome.ACCEPTED)
                                .setVersion(2)
                                .setBalance(null)
                                .setRejection(null)
                                .setProcessedAt(Instant.now())
                                .build()),
                        "NotACommand");
            case 10 ->
                dead("oversized random bytes", key, notSingleObject(bytes(oversized())), "MalformedRecordException");
            default ->
                dead(
                        "oversized body after a command header",
                        key,
                        concat(Arrays.copyOf(valid, 10), bytes(oversized())),
                        "MalformedRecordException");
        };
    }

    private static Planned dead(final String kind, final String key, final byte[] value, final String errorClass) {
        return new Planned(kind, key, value, Fate.DEAD_LETTERED, null, null, errorClass);
    }

    /** DepositMoney as another producer might have changed it: amount as a string, or one field more. */
    private byte[] mutatedSchema() {
        final Schema original = DepositMoney.getClassSchema();
        final List<Schema.Field> fields = new ArrayList<>();
        for (final Schema.Field field : original.getFields()) {
            final boolean amount = field.name().equals("amount");
            fields.add(
                    amount && random.nextBoolean()
                            ? new Schema.Field("amount", Schema.create(Schema.Type.STRING))
                            : new Schema.Field(field, field.schema()));
        }
        if (fields.stream()
                .noneMatch(f ->
                        f.schema().getType() == Schema.Type.STRING && f.name().equals("amount"))) {
            fields.add(new Schema.Field("currency", Schema.create(Schema.Type.STRING)));
        }
        final Schema mutated = Schema.createRecord(original.getName(), null, original.getNamespace(), false, fields);
        final GenericRecordBuilder builder = new GenericRecordBuilder(mutated)
                .set("commandId", commandId())
                .set("accountId", account())
                .set("metadata", new GenericRecordBuilder(Metadata.getClassSchema()).build());
        if (mutated.getField("currency") != null) {
            builder.set("currency", "EUR").set("amount", ByteBuffer.wrap(new byte[] {100}));
        } else {
            builder.set("amount", "1.00");
        }
        return encodeGeneric(mutated, builder.build());
    }

    private static byte[] encodeGeneric(final Schema schema, final GenericRecord record) {
        try {
            final ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record);
            final byte[] out = new byte[buffer.remaining()];
            buffer.get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 600 KiB while the budget lasts, then 2 KiB. */
    private int oversized() {
        return oversizedLeft-- > 0 ? OVERSIZED : 2048;
    }

    private byte[] bytes(final int length) {
        final byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }

    /** Random bytes after a good header that happen to decode (vanishingly rare) are cut to the header alone. */
    private byte[] undecodable(final byte[] bytes) {
        try {
            codec.decode(bytes);
            return Arrays.copyOf(bytes, 10);
        } catch (RuntimeException e) {
            return bytes;
        }
    }

    /** Random bytes that happen to start like either framing (C3, or 00 + schema id) are another case: not here. */
    private static byte[] notSingleObject(final byte[] bytes) {
        bytes[0] = (byte) (bytes[0] == (byte) 0xC3 || bytes[0] == 0 ? 0x42 : bytes[0]);
        return bytes;
    }

    private static byte[] concat(final byte[] first, final byte[] second) {
        final byte[] out = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, out, first.length, second.length);
        return out;
    }

    private static OpenAccount open(
            final String commandId, final String accountId, final String holder, final BigDecimal deposit) {
        return OpenAccount.newBuilder()
                .setCommandId(commandId)
                .setAccountId(accountId)
                .setExpectedVersion(null)
                .setOccurredAt(null)
                .setMetadata(METADATA)
                .setHolder(holder)
                .setInitialDeposit(deposit)
                .build();
    }

    private static DepositMoney deposit(
            final String commandId, final String accountId, final BigDecimal amount, final String description) {
        return DepositMoney.newBuilder()
                .setCommandId(commandId)
                .setAccountId(accountId)
                .setExpectedVersion(null)
                .setOccurredAt(null)
                .setMetadata(METADATA)
                .setAmount(amount.setScale(2))
                .setDescription(description)
                .build();
    }
}
