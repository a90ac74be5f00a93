package dev.kes.projection.topology;

import dev.kes.domain.Account;
import dev.kes.domain.AccountDecider;
import dev.kes.domain.AccountEvent;
import dev.kes.domain.AccountStatus;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.MalformedRecordException;
import dev.kes.schemas.serde.UnknownSchemaException;
import dev.kes.schemas.view.AccountView;
import dev.kes.service.mapping.EventMapping;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Folds each account's events into its current view with the domain's own {@code evolve}. Idempotent by
 * version: an event at or below the stored version changes nothing (redelivery after a crash). Events are applied
 * whatever their timestamp, so a backdated import is never discarded for being old.
 */
final class AccountProjector implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(AccountProjector.class);

    private final AvroCodec codec;
    private final ProjectionMetrics metrics;
    private KeyValueStore<String, AccountView> balances;

    AccountProjector(final AvroCodec codec, final ProjectionMetrics metrics) {
        this.codec = codec;
        this.metrics = metrics;
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        balances = context.getStateStore(StoreNames.BALANCES);
    }

    @Override
    public void process(final Record<String, byte[]> record) {
        final Optional<AccountEvent> event = decode(record);
        if (event.isEmpty()) {
            return;
        }
        final AccountEvent e = event.get();
        final AccountView view = balances.get(e.accountId());
        final long seen = view == null ? 0 : view.getVersion();
        if (e.version() <= seen) {
            metrics.count(ProjectionMetrics.DUPLICATES);
            return;
        }
        if (e.version() != seen + 1) {
            metrics.count(ProjectionMetrics.GAPS);
            LOG.warn("account {}: version gap, saw {} then {}", e.accountId(), seen, e.version());
        }
        if (view == null && !(e instanceof AccountEvent.AccountOpened)) {
            LOG.warn("account {}: {} v{} before the account was opened; not applied", e.accountId(),
                    e.getClass().getSimpleName(), e.version());
            return;
        }
        final Account next = AccountDecider.evolve(view == null ? Account.initial(e.accountId()) : toDomain(view), e);
        balances.put(e.accountId(), toView(next));
        metrics.count(ProjectionMetrics.APPLIED);
    }

    private Optional<AccountEvent> decode(final Record<String, byte[]> record) {
        final SpecificRecord decoded;
        try {
            decoded = codec.decode(record.value());
        } catch (UnknownSchemaException e) {
            metrics.count(ProjectionMetrics.UNKNOWN);
            LOG.debug("skipping an event of unknown type: {}", e.getMessage());
            return Optional.empty();
        } catch (MalformedRecordException e) {
            metrics.count(ProjectionMetrics.MALFORMED);
            LOG.warn("skipping an undecodable record with key {}: {}", record.key(), e.getMessage());
            return Optional.empty();
        }
        final Optional<AccountEvent> event = EventMapping.toDomain(decoded);
        if (event.isEmpty()) {
            metrics.count(ProjectionMetrics.UNKNOWN);
        }
        return event;
    }

    private static Account toDomain(final AccountView view) {
        return new Account(view.getAccountId(), view.getHolder(), view.getBalance(), view.getVersion(),
                AccountStatus.valueOf(view.getStatus().name()), view.getOpenedAt(), view.getUpdatedAt());
    }

    private static AccountView toView(final Account account) {
        return new AccountView(account.id(), account.holder(), account.balance(), account.version(),
                dev.kes.schemas.common.AccountStatus.valueOf(account.status().name()),
                account.openedAt(), account.updatedAt());
    }
}
