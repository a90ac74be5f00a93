package dev.kes.sql;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;

/**
 * Random but valid histories, as the command service could have written them: per account, versions 1..n with
 * non-decreasing instants spread over years from 2019 (a backdated import), withdrawals within the balance, some
 * accounts closed at zero; all accounts' events interleaved in one order of writing.
 */
final class History {
    private static final Instant EARLIEST = Instant.parse("2019-01-01T00:00:00Z");

    final Map<String, List<SpecificRecord>> byAccount = new LinkedHashMap<>();
    final List<SpecificRecord> inOrder = new ArrayList<>();

    History(final long seed, final String prefix, final int accounts, final int maxEventsPerAccount) {
        final Random random = new Random(seed);
        final List<List<SpecificRecord>> pending = new ArrayList<>();
        for (int a = 0; a < accounts; a++) {
            final String id = prefix + "-" + a;
            final List<SpecificRecord> events = account(random, id, 1 + random.nextInt(maxEventsPerAccount));
            byAccount.put(id, events);
            pending.add(new ArrayList<>(events));
        }
        while (!pending.isEmpty()) {
            final int pick = random.nextInt(pending.size());
            inOrder.add(pending.get(pick).remove(0));
            if (pending.get(pick).isEmpty()) {
                pending.remove(pick);
            }
        }
    }

    private static List<SpecificRecord> account(final Random random, final String id, final int count) {
        final List<SpecificRecord> events = new ArrayList<>();
        Instant at = EARLIEST.plus(Duration.ofHours(random.nextInt(24 * 365 * 3)));
        BigDecimal balance = cents(random, 100_000);
        events.add(Events.opened(id, at, balance.toPlainString()));
        for (long version = 2; version <= count; version++) {
            at = at.plus(Duration.ofMinutes(random.nextInt(60 * 24 * 40)));
            final int kind = random.nextInt(20);
            if (version == count && kind == 0) {
                if (balance.signum() > 0) {
                    events.add(Events.withdrawn(id, version++, at, balance.toPlainString()));
                    balance = BigDecimal.ZERO;
                }
                events.add(Events.closed(id, version, at));
            } else if (kind < 9 || balance.signum() == 0) {
                final BigDecimal amount = cents(random, 50_000);
                events.add(Events.deposited(id, version, at, amount.toPlainString()));
                balance = balance.add(amount);
            } else if (kind < 17) {
                final BigDecimal amount =
                        cents(random, balance.movePointRight(2).intValueExact());
                events.add(Events.withdrawn(id, version, at, amount.toPlainString()));
                balance = balance.subtract(amount);
            } else {
                final BigDecimal amount = cents(random, 500);
                events.add(Events.interest(id, version, at, amount.toPlainString()));
                balance = balance.add(amount);
            }
        }
        return events;
    }

    /** 1 cent to {@code maxCents} cents. */
    private static BigDecimal cents(final Random random, final int maxCents) {
        return BigDecimal.valueOf(1 + random.nextInt(Math.max(1, maxCents)), 2);
    }

    int size() {
        return inOrder.size();
    }

    Tables.Snapshot expected() {
        return ReferenceFold.of(byAccount.values());
    }
}
