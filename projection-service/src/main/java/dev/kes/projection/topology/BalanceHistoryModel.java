package dev.kes.projection.topology;

import dev.kes.domain.AccountDecider;
import dev.kes.domain.AccountEvent;
import dev.kes.domain.Money;
import dev.kes.projection.store.HistoryKey;
import dev.kes.schemas.view.BalanceHistoryEntry;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code balance-history}: the balance after every event, keyed (accountId, occurredAt, version), so "the balance as
 * of T" is the first entry of a descending range from (id, T, max). Not a versioned or windowed store: those drop
 * records older than their retention or grace, and backdated imports are normal here (ADR 0001).
 */
final class BalanceHistoryModel implements ReadModel<BalanceHistoryEntry> {
    private static final Logger LOG = LoggerFactory.getLogger(BalanceHistoryModel.class);

    private final ProjectionMetrics metrics;
    private KeyValueStore<HistoryKey, BalanceHistoryEntry> store;

    BalanceHistoryModel(final ProjectionMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public String name() {
        return StoreNames.BALANCE_HISTORY;
    }

    @Override
    public void init(final ProcessorContext<?, ?> context) {
        store = context.getStateStore(StoreNames.BALANCE_HISTORY);
    }

    @Override
    public BalanceHistoryEntry latest(final String accountId) {
        try (KeyValueIterator<HistoryKey, BalanceHistoryEntry> newestFirst =
                store.reverseRange(HistoryKey.first(accountId), HistoryKey.last(accountId))) {
            return newestFirst.hasNext() ? newestFirst.next().value : null;
        }
    }

    @Override
    public long version(final BalanceHistoryEntry latest) {
        return latest.getVersion();
    }

    @Override
    public BalanceHistoryEntry apply(final DecodedEvent decoded, final BalanceHistoryEntry latest) {
        final AccountEvent event = decoded.event();
        final Instant at = notBefore(event, latest);
        final BigDecimal before = latest == null ? Money.ZERO : latest.getBalance();
        final BalanceHistoryEntry entry =
                new BalanceHistoryEntry(event.version(), at, AccountDecider.balanceAfter(before, event));
        store.put(new HistoryKey(event.accountId(), at.toEpochMilli(), event.version()), entry);
        return entry;
    }

    /**
     * The command service never writes an event earlier than the account's previous one. Should one arrive anyway,
     * it is filed at the previous event's instant, so that time order and version order stay the same in the index.
     */
    private Instant notBefore(final AccountEvent event, final BalanceHistoryEntry latest) {
        if (latest == null || !event.occurredAt().isBefore(latest.getOccurredAt())) {
            return event.occurredAt();
        }
        metrics.count(ProjectionMetrics.TIME_REGRESSIONS, name());
        LOG.warn(
                "account {}: v{} occurred at {}, before v{} at {}; filed at the latter",
                event.accountId(),
                event.version(),
                event.occurredAt(),
                latest.getVersion(),
                latest.getOccurredAt());
        return latest.getOccurredAt();
    }
}
