package dev.kes.projection.topology;

import dev.kes.domain.AccountDecider;
import dev.kes.domain.AccountEvent;
import dev.kes.domain.Money;
import dev.kes.projection.store.EventKey;
import dev.kes.projection.store.IndexReads;
import dev.kes.projection.store.IndexRun;
import dev.kes.projection.store.IndexedEvent;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.kafka.streams.KeyValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code event-index}: every event of an account by version, as the original bytes, each with the instant it is filed
 * at and the balance right after it ({@link IndexedEvent}). Keeping the bytes rather than a re-encoded copy means the
 * audit trail shows exactly what was written, and an event written with an older schema version is read with today's
 * (the codec resolves every published version). The balance makes this the balance history as well: "as of T" is a
 * search over the account's versions ({@link dev.kes.projection.store.IndexSearch}), so no second store with a
 * changelog record per event is needed (ADR 0015). Not a versioned or windowed store: those drop records older than
 * their retention or grace, and backdated imports are normal here (ADR 0001).
 *
 * <p>Kafka Streams files each event under its own key. A bulk build files runs of up to {@code run} events under the
 * key of the first ({@link IndexRun}), appending to the run it still holds (ADR 0019).
 */
final class EventIndexModel extends StoreModel<EventKey, IndexRun, EventIndexModel.Latest> {
    private static final Logger LOG = LoggerFactory.getLogger(EventIndexModel.class);

    private final ProjectionMetrics metrics;

    private final int run;

    /**
     * The account's newest entry, without its bytes, and the run it was filed in: keyed at {@code runVersion}, holding
     * {@code runLength} entries (0: a run not to append to).
     */
    record Latest(long version, long filedAtMillis, BigDecimal balance, long runVersion, int runLength) {}

    /** @param run how many events a run may hold: 1 in Kafka Streams, more in a bulk build */
    EventIndexModel(final ProjectionMetrics metrics, final int run) {
        super(StoreNames.EVENT_INDEX);
        this.metrics = metrics;
        this.run = run;
    }

    @Override
    public Latest latest(final String accountId) {
        final KeyValue<EventKey, IndexedEvent> newest = new IndexReads(IndexReads.of(store), accountId).last();
        return newest == null
                ? null
                : new Latest(newest.key.version(), newest.value.filedAtMillis(), newest.value.balance(), 0, 0);
    }

    @Override
    public long version(final Latest latest) {
        return latest.version();
    }

    @Override
    public Latest apply(final DecodedEvent decoded, final Latest latest) {
        final AccountEvent event = decoded.event();
        final long filedAt = notBefore(event, latest);
        final BigDecimal balance = AccountDecider.balanceAfter(latest == null ? Money.ZERO : latest.balance(), event);
        final IndexedEvent entry = new IndexedEvent(filedAt, balance, decoded.bytes());
        if (latest != null && latest.runLength() > 0 && latest.runLength() < run) {
            final EventKey runKey = new EventKey(event.accountId(), latest.runVersion());
            // null once the build wrote the run out to make room: the event then starts a new one
            final IndexRun open = store.get(runKey);
            if (open != null) {
                store.put(runKey, open.plus(event.version() - latest.runVersion(), entry));
                return new Latest(event.version(), filedAt, balance, latest.runVersion(), latest.runLength() + 1);
            }
        }
        store.put(new EventKey(event.accountId(), event.version()), IndexRun.of(entry));
        return new Latest(event.version(), filedAt, balance, event.version(), 1);
    }

    /**
     * The command service never writes an event earlier than the account's previous one. Should one arrive anyway,
     * it is filed at the previous event's instant, so that time order and version order stay the same in the index.
     */
    private long notBefore(final AccountEvent event, final Latest latest) {
        final long occurredAt = event.occurredAt().toEpochMilli();
        if (latest == null || occurredAt >= latest.filedAtMillis()) {
            return occurredAt;
        }
        metrics.count(ProjectionMetrics.TIME_REGRESSIONS, name());
        LOG.warn(
                "account {}: v{} occurred at {}, before v{} at {}; filed at the latter",
                event.accountId(),
                event.version(),
                event.occurredAt(),
                latest.version(),
                Instant.ofEpochMilli(latest.filedAtMillis()));
        return latest.filedAtMillis();
    }
}
