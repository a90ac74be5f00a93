package dev.kes.projection.topology;

import dev.kes.domain.AccountEvent;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

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
 * four ({@code AccountQueries#appliedVersion}).
 */
final class ReadModelProcessor implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(ReadModelProcessor.class);

    private final EventDecoder decoder;
    private final List<ReadModel<?>> models;
    private final ProjectionMetrics metrics;

    ReadModelProcessor(final EventDecoder decoder, final List<ReadModel<?>> models, final ProjectionMetrics metrics) {
        this.decoder = decoder;
        this.models = List.copyOf(models);
        this.metrics = metrics;
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        models.forEach(model -> model.init(context));
    }

    @Override
    public void process(final Record<String, byte[]> record) {
        decoder.decode(record).ifPresent(event -> models.forEach(model -> project(model, event)));
    }

    private <S> void project(final ReadModel<S> model, final DecodedEvent decoded) {
        final AccountEvent event = decoded.event();
        final S latest = model.latest(event.accountId());
        final long seen = latest == null ? 0 : model.version(latest);
        if (event.version() <= seen) {
            metrics.count(ProjectionMetrics.DUPLICATES, model.name());
            return;
        }
        if (event.version() != seen + 1) {
            metrics.count(ProjectionMetrics.GAPS, model.name());
            LOG.warn("{}: account {}: version gap, saw {} then {}", model.name(), event.accountId(), seen,
                    event.version());
        }
        if (latest == null && !(event instanceof AccountEvent.AccountOpened)) {
            metrics.count(ProjectionMetrics.NOT_OPENED, model.name());
            LOG.warn("{}: account {}: {} v{} before the account was opened; not applied", model.name(),
                    event.accountId(), event.getClass().getSimpleName(), event.version());
            return;
        }
        model.apply(decoded, latest);
        metrics.count(ProjectionMetrics.APPLIED, model.name());
    }
}
