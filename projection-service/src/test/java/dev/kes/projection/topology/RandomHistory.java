package dev.kes.projection.topology;

import dev.kes.domain.AccountEvent;
import dev.kes.service.mapping.EventMapping;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;

/**
 * Random but valid account histories, as the command service could have written them: per account, versions 1..n
 * with non-decreasing (often backdated) instants over about two years, withdrawals within the balance, and a close
 * only at zero; the accounts' events interleaved at random in one delivery order, with some redeliveries.
 */
final class RandomHistory {
    /** Ids that prefix each other, so that their keys are neighbours in every store. */
    private static final List<String> IDS = List.of("a", "a.b", "a0", "a-1", "b", "b_b", "c", "c.c.c");

    private static final Instant EARLIEST = Instant.parse("2023-01-01T00:00:00Z");
    private static final long SPAN_DAYS = 365;

    final Map<String, List<SpecificRecord>> byAccount = new LinkedHashMap<>();
    final List<SpecificRecord> deliveries = new ArrayList<>();

    /** @param idPrefix keeps the accounts of several histories in one driver apart */
    RandomHistory(final Random random, final String idPrefix) {
        final int accounts = 1 + random.nextInt(IDS.size());
        for (final String id : IDS.subList(0, accounts)) {
            byAccount.put(idPrefix + id, account(random, idPrefix + id));
        }
        interleave(random);
    }

    List<AccountEvent> domain(final String accountId) {
        return byAccount.get(accountId).stream()
                .map(e -> EventMapping.toDomain(e).orElseThrow())
                .toList();
    }

    private static List<SpecificRecord> account(final Random random, final String id) {
        final List<SpecificRecord> events = new ArrayList<>();
        Instant at = EARLIEST.plus(Duration.ofMinutes(
                random.nextInt((int) Duration.ofDays(SPAN_DAYS).toMinutes())));
        BigDecimal balance = amount(random, 100_000).subtract(BigDecimal.ONE);
        events.add(TestEvents.opened(id, at, balance.toPlainString()));
        final int count = 1 + random.nextInt(30);
        for (long version = 2; version <= count; version++) {
            at = next(random, at);
            final int kind = random.nextInt(10);
            if (version == count && kind == 0) {
                if (balance.signum() > 0) {
                    events.add(TestEvents.withdrawn(id, version++, at, balance.toPlainString()));
                    balance = BigDecimal.ZERO;
                }
                events.add(TestEvents.closed(id, version, at));
            } else if (kind < 4 || balance.signum() == 0) {
                final BigDecimal amount = amount(random, 50_000);
                events.add(TestEvents.deposited(id, version, at, amount.toPlainString()));
                balance = balance.add(amount);
            } else if (kind < 8) {
                final BigDecimal amount =
                        amount(random, balance.movePointRight(2).intValueExact());
                events.add(TestEvents.withdrawn(id, version, at, amount.toPlainString()));
                balance = balance.subtract(amount);
            } else {
                final BigDecimal amount = amount(random, 500);
                events.add(TestEvents.interest(id, version, at, amount.toPlainString()));
                balance = balance.add(amount);
            }
        }
        return events;
    }

    /** 1 cent to {@code maxCents} cents. */
    private static BigDecimal amount(final Random random, final int maxCents) {
        return BigDecimal.valueOf(1 + random.nextInt(Math.max(1, maxCents)), 2);
    }

    /** Same instant, a few minutes, up to two months later, or the edges of a month (UTC). */
    private static Instant next(final Random random, final Instant at) {
        final YearMonth month = YearMonth.from(at.atOffset(ZoneOffset.UTC));
        final Instant nextMonthStart =
                month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        return switch (random.nextInt(6)) {
            case 0 -> at;
            case 1 -> at.plusSeconds(random.nextInt(3600));
            case 2 -> nextMonthStart.minusMillis(1);
            case 3 -> nextMonthStart;
            default -> at.plus(Duration.ofMinutes(random.nextInt(60 * 24 * 60)));
        };
    }

    private void interleave(final Random random) {
        final Map<String, Integer> next = new LinkedHashMap<>();
        byAccount.keySet().forEach(id -> next.put(id, 0));
        while (!next.isEmpty()) {
            final List<String> open = new ArrayList<>(next.keySet());
            final String id = open.get(random.nextInt(open.size()));
            final int index = next.get(id);
            final List<SpecificRecord> events = byAccount.get(id);
            deliveries.add(events.get(index));
            if (random.nextInt(20) == 0) {
                // a redelivery: any event of this account already delivered
                deliveries.add(events.get(random.nextInt(index + 1)));
            }
            if (index + 1 == events.size()) {
                next.remove(id);
            } else {
                next.put(id, index + 1);
            }
        }
    }
}
