package dev.kes.projection.topology;

import dev.kes.domain.AccountEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes each event once and hands it to every read model in turn, each behind its own version guard
 * (ADR 0003): an event at or below the version the model last applied changes nothing; a jump is applied,
 * logged and counted; an event of an account never opened is not applied. Events are applied whatever their
 * timestamp: a backdated import is never discarded for being old.
 *
 * <p>Why one guard per model rather than one for all: at-least-once processing can leave the stores unequal
 * after a crash (each store's changelog write lands or not on its own), and the redelivered event must then
 * complete the stores that missed it without counting it twice in the others.
 *
 * <p>Why the models run in a fixed order with {@code balances} last: queries read the stores while this runs, and
 * the 404 checks of the history endpoints look at balances. Since balances is written last, a reader of the active
 * copy that sees an account there finds it in every other read model as well. {@code ?position=} does not rely on
 * this order: a standby copy receives each store's changelog on its own, so it waits on the least version of all
 * three ({@code AccountQueries#appliedVersion}). Once every model has seen an event, {@link AppliedEvents} is told,
 * so that queries waiting for the account look again at once.
 *
 * <p>The same code runs in the topology ({@link ReadModelProcessor}) and in a {@link BulkBuild}, whose stores start
 * empty and whose latest cache holds every account, so that it never reads a store back for an account's latest
 * state (the event index reads back only the run it is appending to).
 */
final class AccountProjector {
    private static final Logger LOG = LoggerFactory.getLogger(AccountProjector.class);

    private final EventDecoder decoder;
    private final List<Guarded<?>> models;
    private final LatestCache latest;
    private final AppliedEvents applied;
    private final ApplyTracing tracing;
    private final boolean storesStartEmpty;

    /**
     * @param cachedAccounts how many accounts' latest applied state to keep ({@link LatestCache})
     * @param storesStartEmpty the stores held nothing at {@link #init} and {@code cachedAccounts} is never reached, so
     *     an account without a latest entry has none in the stores either (a bulk build)
     * @param indexRun how many events an event-index record may hold ({@link EventIndexModel})
     */
    AccountProjector(
            final EventDecoder decoder,
            final ProjectionMetrics metrics,
            final int cachedAccounts,
            final AppliedEvents applied,
            final ApplyTracing tracing,
            final boolean storesStartEmpty,
            final int indexRun) {
        this.decoder = decoder;
        this.tracing = tracing;
        this.applied = applied;
        this.storesStartEmpty = storesStartEmpty;
        // balances last: it is what ?position= waits on (see above)
        final List<ReadModel<?>> all = List.of(
                new EventIndexModel(metrics, indexRun), new MonthlySnapshotsModel(metrics), new BalancesModel());
        this.models = IntStream.range(0, all.size())
                .<Guarded<?>>mapToObj(slot -> guarded(all.get(slot), slot, metrics))
                .toList();
        this.latest = new LatestCache(cachedAccounts, all.size());
    }

    private static <S> Guarded<S> guarded(final ReadModel<S> model, final int slot, final ProjectionMetrics metrics) {
        return new Guarded<>(model, slot, new ModelCounters(metrics, model.name()));
    }

    void init(final StoreLookup stores) {
        latest.clear();
        models.forEach(guarded -> guarded.model.init(stores));
    }

    /** Projects the record into every read model; the decoded event, or empty for a record none can apply. */
    Optional<DecodedEvent> project(final Record<String, byte[]> record, final Optional<RecordMetadata> source) {
        final Optional<DecodedEvent> decoded = decoder.decode(record, source);
        decoded.ifPresent(event -> {
            final Object[] slots = latest.slots(event.event().accountId());
            final Context trace = tracing.parentOf(record.headers());
            for (final Guarded<?> guarded : models) {
                final Span span = tracing.start(trace, guarded.model().name(), event.event());
                try {
                    guarded.project(event, slots, storesStartEmpty);
                } finally {
                    span.end();
                }
            }
            // after every store is written: a query woken now finds the event in all of them
            applied.account(event.event().accountId());
        });
        return decoded;
    }

    void close() {
        latest.clear();
    }

    /** One read model behind its version guard, with its slot in the account's cached latest and its counters. */
    private record Guarded<S>(ReadModel<S> model, int slot, ModelCounters counters) {
        void project(final DecodedEvent decoded, final Object[] slots, final boolean storesStartEmpty) {
            final AccountEvent event = decoded.event();
            final String id = event.accountId();
            @SuppressWarnings("unchecked") // the slot holds only what this model answered or applied
            S last = (S) slots[slot];
            if (last == null && !storesStartEmpty) {
                last = model.latest(id);
                slots[slot] = last;
            }
            final long seen = last == null ? 0 : model.version(last);
            if (event.version() <= seen) {
                counters.duplicates().increment();
                return;
            }
            if (event.version() != seen + 1) {
                counters.gaps().increment();
                LOG.warn("{}: account {}: version gap, saw {} then {}", model.name(), id, seen, event.version());
            }
            if (last == null && !(event instanceof AccountEvent.AccountOpened)) {
                counters.notOpened().increment();
                LOG.warn(
                        "{}: account {}: {} v{} before the account was opened; not applied",
                        model.name(),
                        id,
                        event.getClass().getSimpleName(),
                        event.version());
                return;
            }
            slots[slot] = model.apply(decoded, last);
            counters.applied().increment();
        }
    }
}
