package dev.kes.projection.query;

import dev.kes.projection.store.EventKey;
import dev.kes.projection.store.HistoryKey;
import dev.kes.projection.store.MonthKey;
import dev.kes.projection.topology.StoreNames;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.view.AccountView;
import dev.kes.schemas.view.BalanceHistoryEntry;
import dev.kes.schemas.view.MonthlySnapshot;
import dev.kes.schemas.view.TransferView;
import dev.kes.service.http.Problem;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Interactive queries (IQv2) over this instance's copies of the projection's stores, each on the one partition that
 * holds the account. The partition comes from {@code queryMetadataForKey} with the account id as a String key (the
 * way account-events is partitioned), never from a store's own composite key bytes, once per request: the reads
 * take it from the {@link Placement}.
 *
 * <p>Requests never set {@code requireActive()}: a standby copy, or any copy while Kafka Streams is REBALANCING, is
 * read as well. Whether that copy may trail the active one is the {@link Placement}'s to say, not this class's.
 * Whether there is a copy at all is what IQv2 answers for the partition at the time of the read, from the tasks
 * this instance has then (see {@link #query}).
 */
public final class StreamsAccountQueries implements AccountQueries {
    private final KafkaStreams streams;
    private final HostInfo self;
    private final AvroCodec codec;

    public StreamsAccountQueries(final KafkaStreams streams, final HostInfo self, final AvroCodec codec) {
        this.streams = streams;
        this.self = self;
        this.codec = codec;
    }

    @Override
    public Placement placement(final String accountId) {
        return placement(StoreNames.BALANCES, accountId);
    }

    /** The transfers store is partitioned by transferId the way account-events is by account (a String key). */
    @Override
    public Placement transferPlacement(final String transferId) {
        return placement(StoreNames.TRANSFERS, transferId);
    }

    private Placement placement(final String store, final String key) {
        final boolean settled = streams.state() == KafkaStreams.State.RUNNING;
        final KeyQueryMetadata metadata = metadata(store, key);
        final HostInfo active = metadata.activeHost();
        final boolean activeKnown = active != null && !active.equals(HostInfo.unavailable());
        return new Placement(
                key,
                metadata.partition(),
                self(),
                activeKnown ? hostString(active) : null,
                metadata.standbyHosts().stream()
                        .map(StreamsAccountQueries::hostString)
                        .toList(),
                settled);
    }

    @Override
    public Optional<TransferResponse> transfer(final Placement transfer) {
        final TransferView view =
                query(transfer, StoreNames.TRANSFERS, KeyQuery.<String, TransferView>withKey(transfer.accountId()));
        return Optional.ofNullable(view).map(TransferViews::toResponse);
    }

    @Override
    public String self() {
        return hostString(self);
    }

    @Override
    public long appliedVersion(final Placement account) {
        final String id = account.accountId();
        final AccountView view = query(account, StoreNames.BALANCES, KeyQuery.<String, AccountView>withKey(id));
        if (view == null) {
            return 0;
        }
        final long history = range(
                        account,
                        StoreNames.BALANCE_HISTORY,
                        RangeQuery.<HistoryKey, BalanceHistoryEntry>withRange(HistoryKey.first(id), HistoryKey.last(id))
                                .withDescendingKeys(),
                        1)
                .stream()
                .mapToLong(BalanceHistoryEntry::getVersion)
                .findFirst()
                .orElse(0);
        final long months = range(
                        account,
                        StoreNames.MONTHLY_SNAPSHOTS,
                        RangeQuery.<MonthKey, MonthlySnapshot>withRange(MonthKey.first(id), MonthKey.last(id))
                                .withDescendingKeys(),
                        1)
                .stream()
                .mapToLong(MonthlySnapshot::getLastVersion)
                .findFirst()
                .orElse(0);
        final long events = rangeEntries(
                        account,
                        StoreNames.EVENT_INDEX,
                        RangeQuery.<EventKey, byte[]>withRange(new EventKey(id, 0), EventKey.last(id))
                                .withDescendingKeys(),
                        1)
                .stream()
                .mapToLong(entry -> entry.key.version())
                .findFirst()
                .orElse(0);
        return Math.min(Math.min(view.getVersion(), history), Math.min(months, events));
    }

    @Override
    public Optional<AccountResponse> account(final Placement account) {
        final AccountView view =
                query(account, StoreNames.BALANCES, KeyQuery.<String, AccountView>withKey(account.accountId()));
        return Optional.ofNullable(view).map(AccountViews::toResponse);
    }

    @Override
    public Optional<BalanceAtResponse> balanceAt(final Placement account, final Instant at) {
        final String id = account.accountId();
        // newest first from (id, at, max): the first entry is the balance after the last event at or before `at`
        final List<BalanceHistoryEntry> latest = range(
                account,
                StoreNames.BALANCE_HISTORY,
                RangeQuery.<HistoryKey, BalanceHistoryEntry>withRange(HistoryKey.first(id), HistoryKey.asOf(id, at))
                        .withDescendingKeys(),
                1);
        return latest.stream()
                .findFirst()
                .map(entry -> new BalanceAtResponse(
                        id, at.toString(), entry.getBalance().toPlainString(), entry.getVersion()));
    }

    @Override
    public MonthlyHistory monthlyHistory(final Placement account, final int year) {
        final String id = account.accountId();
        final List<MonthlySnapshot> before = range(
                account,
                StoreNames.MONTHLY_SNAPSHOTS,
                RangeQuery.<MonthKey, MonthlySnapshot>withRange(
                                MonthKey.first(id), new MonthKey(id, YearMonth.of(year - 1, 12)))
                        .withDescendingKeys(),
                1);
        final List<MonthlySnapshot> months = range(
                account,
                StoreNames.MONTHLY_SNAPSHOTS,
                RangeQuery.withRange(new MonthKey(id, YearMonth.of(year, 1)), new MonthKey(id, YearMonth.of(year, 12))),
                12);
        return new MonthlyHistory(
                before.stream().findFirst().map(MonthlyViews::toResponse),
                months.stream().map(MonthlyViews::toResponse).toList());
    }

    @Override
    public EventsResponse events(final Placement account, final long fromVersion, final int limit) {
        final String id = account.accountId();
        // one more than asked: whether it exists says if there is a next page, and where it starts
        final List<KeyValue<EventKey, byte[]>> page = rangeEntries(
                account,
                StoreNames.EVENT_INDEX,
                RangeQuery.withRange(new EventKey(id, fromVersion), EventKey.last(id)),
                limit + 1);
        final List<EventResponse> events = page.stream()
                .limit(limit)
                .map(entry -> EventViews.toResponse(codec, entry.key.version(), entry.value))
                .toList();
        final Long next = page.size() > limit ? page.get(limit).key.version() : null;
        return new EventsResponse(id, events, next);
    }

    /** Valid while RUNNING and while REBALANCING (then it is the last assignment's, which copies still serve). */
    private KeyQueryMetadata metadata(final String store, final String key) {
        final KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            throw unavailable("the projection is " + state);
        }
        final KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
        } catch (IllegalStateException | InvalidStateStoreException e) {
            throw unavailable("the projection is " + streams.state()); // it left RUNNING/REBALANCING meanwhile
        }
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw unavailable("the owner of " + key + " in " + store + " is not known yet (rebalancing)");
        }
        return metadata;
    }

    /**
     * Reads the local copy of the account's partition: IQv2 answers a request without {@code requireActive()} from
     * whichever local task (active or standby, restored or not) has the store at this moment, and NOT_PRESENT when
     * none has. Any failure, Kafka Streams stopping meanwhile too, means no copy here can answer: {@link NoCopyHere}.
     */
    private <R> R query(final Placement account, final String store, final Query<R> query) {
        final int partition = account.partition();
        final QueryResult<R> partitionResult;
        try {
            partitionResult = streams.query(
                            StateQueryRequest.inStore(store).withQuery(query).withPartitions(Set.of(partition)))
                    .getPartitionResults()
                    .get(partition);
        } catch (InvalidStateStoreException e) {
            throw new NoCopyHere("the store " + store + " is not queryable: " + e.getMessage());
        }
        if (partitionResult == null || partitionResult.isFailure()) {
            throw new NoCopyHere("the store " + store + " of partition " + partition + " is not queryable here"
                    + (partitionResult == null ? "" : ": " + partitionResult.getFailureMessage()));
        }
        return partitionResult.getResult();
    }

    private <K, V> List<V> range(
            final Placement account, final String store, final RangeQuery<K, V> query, final int max) {
        return rangeEntries(account, store, query, max).stream()
                .map(entry -> entry.value)
                .toList();
    }

    private <K, V> List<KeyValue<K, V>> rangeEntries(
            final Placement account, final String store, final RangeQuery<K, V> query, final int max) {
        final List<KeyValue<K, V>> entries = new ArrayList<>();
        try (KeyValueIterator<K, V> iterator = query(account, store, query)) {
            while (entries.size() < max && iterator.hasNext()) {
                entries.add(iterator.next());
            }
        } catch (InvalidStateStoreException e) {
            // the task closed under the iterator: it migrated away or the instance is shutting down
            throw unavailable("the store " + store + " closed while it was read: " + e.getMessage());
        }
        return entries;
    }

    private static RuntimeException unavailable(final String detail) {
        return Problem.of(503, "projection-unavailable", "Projection not available", detail)
                .exception();
    }

    private static String hostString(final HostInfo host) {
        return host.host() + ":" + host.port();
    }
}
