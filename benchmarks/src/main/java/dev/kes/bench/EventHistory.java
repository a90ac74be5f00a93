package dev.kes.bench;

import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.event.AccountOpened;
import dev.kes.schemas.event.InterestAdded;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.event.MoneyWithdrawn;
import dev.kes.schemas.serde.AvroCodec;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.IntUnaryOperator;
import org.apache.avro.specific.SpecificRecord;

/**
 * N account events as the command service writes them to account-events, for the projection benchmarks: first an
 * {@code AccountOpened} for each of M accounts, then N − M events to uniformly random accounts — 55 % deposits,
 * 35 % withdrawals (a deposit instead when the balance is too low: balances never go negative), 10 % interest
 * (0.1–1 % of the balance, a deposit instead below 10.00). Versions run 1, 2, 3 … per account without gaps;
 * occurredAt spreads the events evenly over the two years from 2024-01-01 (so every account has many months of
 * history); each event has a UUID eventId and causation and correlation ids (the command service's metadata).
 *
 * <p>The plan is drawn once from a fixed seed (the same history in every run); {@link #value} encodes event i
 * with {@link AvroCodec#shipped()} when it is sent. Not thread-safe: one sender.
 */
final class EventHistory {
    static final Instant FIRST = Instant.parse("2024-01-01T00:00:00Z");
    static final Duration SPAN = Duration.ofDays(731);
    private static final long SEED = 20_261_126L;
    private static final byte OPENED = 0;
    private static final byte DEPOSITED = 1;
    private static final byte WITHDRAWN = 2;
    private static final byte INTEREST = 3;
    private static final long OPENING_CENTS = 100_00;

    private final AvroCodec codec = AvroCodec.shipped();
    private final SplittableRandom ids = new SplittableRandom(SEED + 1);
    private final String[] accountIds;
    private final int[] account;
    private final int[] version;
    private final byte[] type;
    private final long[] cents;
    private final long stepMillis;

    private EventHistory(final String[] accountIds, final int events) {
        this.accountIds = accountIds;
        this.account = new int[events];
        this.version = new int[events];
        this.type = new byte[events];
        this.cents = new long[events];
        this.stepMillis = Math.max(1, SPAN.toMillis() / events);
    }

    /** The history of {@code events} events over {@code accounts} accounts (events ≥ accounts). */
    static EventHistory generate(final int events, final int accounts) {
        final SplittableRandom random = new SplittableRandom(SEED);
        return plan(events, accounts, random, i -> random.nextInt(accounts));
    }

    /**
     * Exactly {@code eventsPerAccount} events for each of {@code accounts} accounts, the accounts taking turns
     * (event i goes to account i mod M): one account's events lie far apart in the log, as when accounts live side
     * by side for years.
     */
    static EventHistory perAccount(final int accounts, final int eventsPerAccount) {
        return plan(accounts * eventsPerAccount, accounts, new SplittableRandom(SEED), i -> i % accounts);
    }

    /** @param accountOf the account of event i, for every i after the openings */
    private static EventHistory plan(
            final int events, final int accounts, final SplittableRandom random, final IntUnaryOperator accountOf) {
        if (events < accounts) {
            throw new IllegalArgumentException(events + " events cannot open " + accounts + " accounts");
        }
        final EventHistory history = new EventHistory(Commands.accountIds(accounts), events);
        final long[] balance = new long[accounts];
        final int[] versions = new int[accounts];
        for (int i = 0; i < events; i++) {
            final int a = i < accounts ? i : accountOf.applyAsInt(i);
            history.account[i] = a;
            history.version[i] = ++versions[a];
            if (i < accounts) {
                history.plan(i, OPENED, OPENING_CENTS);
                balance[a] = OPENING_CENTS;
                continue;
            }
            final int draw = random.nextInt(100);
            if (draw >= 55 && draw < 90 && balance[a] >= 100) {
                final long amount = 1 + random.nextLong(Math.min(balance[a], 500_00));
                history.plan(i, WITHDRAWN, amount);
                balance[a] -= amount;
            } else if (draw >= 90 && balance[a] >= 1_000) {
                final long amount = Math.max(1, balance[a] * (10 + random.nextInt(91)) / 10_000);
                history.plan(i, INTEREST, amount);
                balance[a] += amount;
            } else {
                final long amount = 1_00 + random.nextLong(500_00);
                history.plan(i, DEPOSITED, amount);
                balance[a] += amount;
            }
        }
        return history;
    }

    private void plan(final int i, final byte kind, final long amount) {
        type[i] = kind;
        cents[i] = amount;
    }

    int events() {
        return account.length;
    }

    String[] accountIds() {
        return accountIds.clone();
    }

    String key(final int i) {
        return accountIds[account[i]];
    }

    /** The index (in {@link #accountIds()}) of the account of event i. */
    int accountIndex(final int i) {
        return account[i];
    }

    /** The Kafka timestamp the command service gives an event: its occurredAt. */
    long timestamp(final int i) {
        return FIRST.toEpochMilli() + i * stepMillis;
    }

    /** The version of each account after the whole history (what the projection must end at). */
    long[] finalVersions() {
        final long[] last = new long[accountIds.length];
        for (int i = 0; i < account.length; i++) {
            last[account[i]] = version[i];
        }
        return last;
    }

    /** Event i, encoded as on account-events. */
    byte[] value(final int i) {
        return codec.encode(event(i));
    }

    /** Event i, encoded with {@code other} (registry-cost: the registry framing). */
    byte[] value(final int i, final AvroCodec other) {
        return other.encode(event(i));
    }

    /** Event i as an Avro record; each call draws new event, causation and correlation ids. */
    SpecificRecord event(final int i) {
        final String eventId = uuid();
        final String accountId = accountIds[account[i]];
        final long v = version[i];
        final Instant at = Instant.ofEpochMilli(timestamp(i));
        final Metadata metadata = Metadata.newBuilder()
                .setCausationId(uuid())
                .setCorrelationId(uuid())
                .build();
        final BigDecimal amount = BigDecimal.valueOf(cents[i], 2);
        return switch (type[i]) {
            case OPENED -> new AccountOpened(eventId, accountId, v, at, metadata, "Benchmark Holder", amount);
            // balanceAfter is optional (null as in v1 events): the benchmark does not track balances per event
            case DEPOSITED -> new MoneyDeposited(eventId, accountId, v, at, metadata, amount, "benchmark", null);
            case WITHDRAWN -> new MoneyWithdrawn(eventId, accountId, v, at, metadata, amount, null, null);
            case INTEREST -> new InterestAdded(eventId, accountId, v, at, metadata, amount);
            default -> throw new IllegalStateException("no event type " + type[i]);
        };
    }

    private String uuid() {
        return new UUID(ids.nextLong(), ids.nextLong()).toString();
    }

    /** Counts per type, for the report: opened, deposited, withdrawn, interest. */
    long[] mix() {
        final long[] counts = new long[4];
        for (final byte kind : type) {
            counts[kind]++;
        }
        return counts;
    }
}
