package dev.kes.projection.topology;

import dev.kes.domain.AccountDecider;
import dev.kes.domain.AccountEvent;
import dev.kes.domain.Money;
import dev.kes.projection.store.MonthKey;
import dev.kes.schemas.view.MonthlySnapshot;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code monthly-snapshots}: per account and UTC month with events, the opening and closing balance, the totals of
 * deposits (the opening deposit included), withdrawals and interest, the event count and the last version. A
 * month's opening balance is the closing balance of the account's previous month with events (0 when it opened),
 * which is the latest snapshot when the month's first event arrives, since events come in version order.
 * Months without events are not stored: the query layer carries the balance across them.
 */
final class MonthlySnapshotsModel extends StoreModel<MonthKey, MonthlySnapshot, MonthlySnapshotsModel.Latest> {
    private static final Logger LOG = LoggerFactory.getLogger(MonthlySnapshotsModel.class);

    private final ProjectionMetrics metrics;

    /** The account's latest month, with the month parsed once rather than for every event of a replay. */
    record Latest(MonthlySnapshot snapshot, YearMonth month) {
        static Latest of(final MonthlySnapshot snapshot) {
            return new Latest(snapshot, YearMonth.parse(snapshot.getMonth()));
        }
    }

    MonthlySnapshotsModel(final ProjectionMetrics metrics) {
        super(StoreNames.MONTHLY_SNAPSHOTS);
        this.metrics = metrics;
    }

    @Override
    public Latest latest(final String accountId) {
        try (KeyValueIterator<MonthKey, MonthlySnapshot> newestFirst =
                store.reverseRange(MonthKey.first(accountId), MonthKey.last(accountId))) {
            return newestFirst.hasNext() ? Latest.of(newestFirst.next().value) : null;
        }
    }

    @Override
    public long version(final Latest latest) {
        return latest.snapshot().getLastVersion();
    }

    @Override
    public Latest apply(final DecodedEvent decoded, final Latest latest) {
        final AccountEvent event = decoded.event();
        final YearMonth month = monthOf(event, latest);
        final MonthlySnapshot current = latest != null && latest.month().equals(month)
                ? latest.snapshot()
                : new MonthlySnapshot(
                        month.toString(),
                        closing(latest),
                        closing(latest),
                        Money.ZERO,
                        Money.ZERO,
                        Money.ZERO,
                        Money.ZERO,
                        Money.ZERO,
                        0L,
                        0L);
        final Movement movement = Movement.of(event);
        final MonthlySnapshot updated = new MonthlySnapshot(
                current.getMonth(),
                current.getOpeningBalance(),
                AccountDecider.balanceAfter(current.getClosingBalance(), event),
                current.getDeposits().add(movement.deposit()),
                current.getWithdrawals().add(movement.withdrawal()),
                current.getInterest().add(movement.interest()),
                orZero(current.getTransfersIn()).add(movement.transferIn()),
                orZero(current.getTransfersOut()).add(movement.transferOut()),
                current.getEventCount() + 1,
                event.version());
        store.put(new MonthKey(event.accountId(), month), updated);
        return new Latest(updated, month);
    }

    /** Null in snapshots written before transfers existed (MonthlySnapshot v1). */
    private static BigDecimal orZero(final BigDecimal amount) {
        return amount == null ? Money.ZERO : amount;
    }

    private static BigDecimal closing(final Latest latest) {
        return latest == null ? Money.ZERO : latest.snapshot().getClosingBalance();
    }

    /** The event's UTC month, but never before the latest month (see EventIndexModel#notBefore). */
    private YearMonth monthOf(final AccountEvent event, final Latest latest) {
        final YearMonth month = YearMonth.from(event.occurredAt().atOffset(ZoneOffset.UTC));
        if (latest == null) {
            return month;
        }
        final YearMonth latestMonth = latest.month();
        if (!month.isBefore(latestMonth)) {
            return month;
        }
        metrics.count(ProjectionMetrics.TIME_REGRESSIONS, name());
        LOG.warn(
                "account {}: v{} occurred in {}, before v{} in {}; counted in the latter",
                event.accountId(),
                event.version(),
                month,
                latest.snapshot().getLastVersion(),
                latestMonth);
        return latestMonth;
    }
}
