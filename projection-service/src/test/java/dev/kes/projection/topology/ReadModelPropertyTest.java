package dev.kes.projection.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.domain.Account;
import dev.kes.domain.AccountDecider;
import dev.kes.domain.AccountEvent;
import dev.kes.domain.Money;
import dev.kes.projection.query.MonthResponse;
import dev.kes.projection.query.MonthlyStatement;
import dev.kes.projection.store.EventKey;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.view.BalanceHistoryEntry;
import dev.kes.schemas.view.MonthlySnapshot;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every read model agrees with the domain's own fold ({@link AccountDecider#replay}) over random histories: many
 * accounts sharing the partition, interleaved, backdated, with redeliveries. A failure names the seed of its
 * history; rerun just that one with {@code -Dkes.property.seed=<seed>}.
 */
class ReadModelPropertyTest {
    private static final int ITERATIONS = 200;
    private static final YearMonth FAR_FUTURE = YearMonth.of(2099, 1);
    private final AvroCodec codec = AvroCodec.shipped();

    /**
     * One driver for all histories (starting one per history would be most of the run time); each history has its
     * own account ids, which start with the iteration number, so they are neighbours in every store too.
     * Run without the projector's latest cache, with one so small that accounts keep dropping out of it, and with
     * the default, since the cache must never change an answer.
     */
    @ParameterizedTest(name = "latest.cache.accounts={0}")
    @ValueSource(strings = {"0", "2", "10000"})
    void readModelsEqualTheFoldOfTheEvents(final String cachedAccounts, @TempDir final Path state) {
        final Long fixed = Long.getLong("kes.property.seed");
        final Random seeds = new Random();
        try (ProjectionDriver driver = new ProjectionDriver(state, Map.of("latest.cache.accounts", cachedAccounts))) {
            for (int i = 0; i < (fixed == null ? ITERATIONS : 1); i++) {
                final long seed = fixed == null ? seeds.nextLong() : fixed;
                try {
                    check(driver, new RandomHistory(new Random(seed), i + "-"), new Random(seed + 1));
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError(
                            "history with seed " + seed + " (rerun it with -Dkes.property.seed=" + seed + "): "
                                    + e.getMessage(),
                            e);
                }
            }
        }
    }

    private void check(final ProjectionDriver driver, final RandomHistory history, final Random random) {
        history.deliveries.forEach(driver::pipe);
        for (final String id : history.byAccount.keySet()) {
            final List<AccountEvent> events = history.domain(id);
            final Account end = AccountDecider.replay(id, events);
            assertThat(driver.balances().get(id).getBalance())
                    .as("current balance of %s", id)
                    .isEqualByComparingTo(end.balance());
            assertThat(driver.balances().get(id).getVersion()).isEqualTo(end.version());
            checkBalanceHistory(driver, id, events, random);
            checkStoredMonths(driver, id, events);
            checkYearStatements(driver, id, events);
            checkAuditTrail(driver, id, history.byAccount.get(id));
        }
    }

    private void checkBalanceHistory(
            final ProjectionDriver driver, final String id, final List<AccountEvent> events, final Random random) {
        final Instant first = events.get(0).occurredAt();
        final Instant last = events.get(events.size() - 1).occurredAt();
        for (final AccountEvent event : events) {
            assertBalanceAt(driver, id, events, event.occurredAt());
            assertBalanceAt(driver, id, events, event.occurredAt().minusMillis(1));
            assertBalanceAt(driver, id, events, event.occurredAt().plusMillis(1));
        }
        final long span = last.toEpochMilli() - first.toEpochMilli() + 2 * 86_400_000L;
        for (int i = 0; i < 20; i++) {
            assertBalanceAt(
                    driver, id, events, first.minusMillis(86_400_000L).plusMillis((long) (random.nextDouble() * span)));
        }
    }

    private static void assertBalanceAt(
            final ProjectionDriver driver, final String id, final List<AccountEvent> events, final Instant at) {
        final List<AccountEvent> upTo = until(events, e -> !e.occurredAt().isAfter(at));
        final Optional<BalanceHistoryEntry> actual = driver.balanceAt(id, at);
        if (upTo.isEmpty()) {
            assertThat(actual)
                    .as("balance of %s at %s, before it opened", id, at)
                    .isEmpty();
            return;
        }
        final Account expected = AccountDecider.replay(id, upTo);
        assertThat(actual).as("balance of %s at %s", id, at).isPresent();
        assertThat(actual.get().getBalance())
                .as("balance of %s at %s", id, at)
                .isEqualByComparingTo(expected.balance());
        assertThat(actual.get().getVersion()).as("version of %s at %s", id, at).isEqualTo(expected.version());
    }

    /** Each stored month against the fold at its edges and the sums of its own events. */
    private static void checkStoredMonths(
            final ProjectionDriver driver, final String id, final List<AccountEvent> events) {
        final List<MonthlySnapshot> stored = driver.months(id);
        assertThat(stored)
                .extracting(MonthlySnapshot::getMonth)
                .as("months of %s with events", id)
                .containsExactlyElementsOf(
                        events.stream().map(e -> month(e).toString()).distinct().toList());
        for (final MonthlySnapshot snapshot : stored) {
            final YearMonth month = YearMonth.parse(snapshot.getMonth());
            final List<AccountEvent> in =
                    events.stream().filter(e -> month(e).equals(month)).toList();
            final String what = id + " " + month;
            assertThat(snapshot.getOpeningBalance())
                    .as("opening of %s", what)
                    .isEqualByComparingTo(balanceBefore(id, events, month));
            assertThat(snapshot.getClosingBalance())
                    .as("closing of %s", what)
                    .isEqualByComparingTo(balanceBefore(id, events, month.plusMonths(1)));
            assertThat(snapshot.getDeposits()).as("deposits of %s", what).isEqualByComparingTo(sum(in, "deposit"));
            assertThat(snapshot.getWithdrawals())
                    .as("withdrawals of %s", what)
                    .isEqualByComparingTo(sum(in, "withdrawal"));
            assertThat(snapshot.getInterest()).as("interest of %s", what).isEqualByComparingTo(sum(in, "interest"));
            assertThat(snapshot.getEventCount()).as("events of %s", what).isEqualTo(in.size());
            assertThat(snapshot.getLastVersion())
                    .as("last version of %s", what)
                    .isEqualTo(in.get(in.size() - 1).version());
        }
    }

    /** What the API shows per year, months without events included, against the fold at every month's end. */
    private static void checkYearStatements(
            final ProjectionDriver driver, final String id, final List<AccountEvent> events) {
        final YearMonth opened = month(events.get(0));
        for (int year = opened.getYear() - 1;
                year <= month(events.get(events.size() - 1)).getYear() + 1;
                year++) {
            final Optional<List<MonthResponse>> months =
                    MonthlyStatement.months(year, driver.monthlyHistory(id, year), FAR_FUTURE);
            if (year < opened.getYear()) {
                assertThat(months).as("%s in %d, before it opened", id, year).isEmpty();
                continue;
            }
            assertThat(months).as("%s in %d", id, year).isPresent();
            final YearMonth firstMonth = year == opened.getYear() ? opened : YearMonth.of(year, 1);
            assertThat(months.get().get(0).month()).isEqualTo(firstMonth.toString());
            assertThat(months.get().get(months.get().size() - 1).month())
                    .isEqualTo(YearMonth.of(year, 12).toString());
            for (final MonthResponse month : months.get()) {
                final YearMonth ym = YearMonth.parse(month.month());
                final Account atEnd = AccountDecider.replay(id, until(events, e -> month(e).compareTo(ym) <= 0));
                assertThat(new BigDecimal(month.closingBalance()))
                        .as("closing of %s %s", id, ym)
                        .isEqualByComparingTo(atEnd.balance());
                assertThat(new BigDecimal(month.openingBalance()))
                        .as("opening of %s %s", id, ym)
                        .isEqualByComparingTo(balanceBefore(id, events, ym));
                assertThat(month.lastVersion())
                        .as("version of %s at the end of %s", id, ym)
                        .isEqualTo(atEnd.version());
            }
        }
    }

    private void checkAuditTrail(final ProjectionDriver driver, final String id, final List<SpecificRecord> avro) {
        final List<KeyValue<EventKey, byte[]>> indexed = driver.indexedEvents(id);
        assertThat(indexed)
                .extracting(kv -> kv.key.version())
                .as("audit trail of %s", id)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, avro.size()).boxed().toList());
        assertThat(indexed).extracting(kv -> codec.decode(kv.value)).containsExactlyElementsOf(avro);
    }

    private static BigDecimal balanceBefore(final String id, final List<AccountEvent> events, final YearMonth month) {
        final List<AccountEvent> before = until(events, e -> month(e).isBefore(month));
        return before.isEmpty() ? Money.ZERO : AccountDecider.replay(id, before).balance();
    }

    private static List<AccountEvent> until(final List<AccountEvent> events, final Predicate<AccountEvent> included) {
        return events.stream().takeWhile(included).toList();
    }

    private static YearMonth month(final AccountEvent event) {
        return YearMonth.from(event.occurredAt().atOffset(ZoneOffset.UTC));
    }

    /** Totals computed from the domain events directly, not with the projection's own Movement. */
    private static BigDecimal sum(final List<AccountEvent> events, final String kind) {
        BigDecimal total = Money.ZERO;
        for (final AccountEvent event : events) {
            if (kind.equals("deposit") && event instanceof AccountEvent.AccountOpened opened) {
                total = total.add(opened.initialDeposit());
            } else if (kind.equals("deposit") && event instanceof AccountEvent.MoneyDeposited deposited) {
                total = total.add(deposited.amount());
            } else if (kind.equals("withdrawal") && event instanceof AccountEvent.MoneyWithdrawn withdrawn) {
                total = total.add(withdrawn.amount());
            } else if (kind.equals("interest") && event instanceof AccountEvent.InterestAdded interest) {
                total = total.add(interest.amount());
            }
        }
        return total;
    }
}
