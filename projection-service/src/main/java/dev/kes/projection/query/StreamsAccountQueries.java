package dev.kes.projection.query;

import dev.kes.projection.store.EventKey;
import dev.kes.projection.store.IndexReads;
import dev.kes.projection.store.IndexRun;
import dev.kes.projection.store.IndexSearch;
import dev.kes.projection.store.IndexedEvent;
import dev.kes.projection.store.MonthKey;
import dev.kes.projection.topology.StoreNames;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.view.AccountView;
import dev.kes.schemas.view.MonthlySnapshot;
import dev.kes.schemas.view.TransferView;
import dev.kes.service.http.Problem;
import dev.kes.service.personal.PersonalData;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

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
 *
 * <p>The balances and monthly-snapshots stores have Kafka Streams' record cache in front of RocksDB (ADR 0015). Key
 * lookups read through it in both IQ APIs, but an IQv2 range query reads RocksDB only, which trails the cache by up
 * to a commit; their ranges are therefore read through IQv1 ({@link #cachedRange}), whose ranges merge the cache, on
 * the same local copies (stale stores enabled: active or standby, restored or not).
 */
public final class StreamsAccountQueries implements AccountQueries {
    private final KafkaStreams streams;
    private final HostInfo self;
    private final AvroCodec codec;
    private final PersonalData personal;

    public StreamsAccountQueries(
            final KafkaStreams streams, final HostInfo self, final AvroCodec codec, final PersonalData personal) {
        this.personal = personal;
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
        final long months = cachedRange(
                        account,
                        StoreNames.MONTHLY_SNAPSHOTS,
                        (ReadOnlyKeyValueStore<MonthKey, MonthlySnapshot> store) ->
                                store.reverseRange(MonthKey.first(id), MonthKey.last(id)),
                        1)
                .stream()
                .mapToLong(MonthlySnapshot::getLastVersion)
                .findFirst()
                .orElse(0);
        final long events = Optional.ofNullable(lastIndexed(account))
                .map(entry -> entry.key.version())
                .orElse(0L);
        return Math.min(view.getVersion(), Math.min(months, events));
    }

    @Override
    public Optional<AccountResponse> account(final Placement account) {
        final AccountView view =
                query(account, StoreNames.BALANCES, KeyQuery.<String, AccountView>withKey(account.accountId()));
        return Optional.ofNullable(view).map(v -> AccountViews.toResponse(v, personal));
    }

    @Override
    public Optional<BalanceAtResponse> balanceAt(final Placement account, final Instant at) {
        return IndexSearch.asOf(index(account), at)
                .map(entry -> new BalanceAtResponse(
                        account.accountId(),
                        at.toString(),
                        entry.value.balance().toPlainString(),
                        entry.key.version()));
    }

    /** The account's newest event-index entry, or null. */
    private KeyValue<EventKey, IndexedEvent> lastIndexed(final Placement account) {
        return index(account).last();
    }

    /** The account's event index, read on its partition through IQv2 (the store has no record cache). */
    private IndexReads index(final Placement account) {
        return new IndexReads(
                (from, to, descending, visit) -> {
                    final RangeQuery<EventKey, IndexRun> range = RangeQuery.withRange(from, to);
                    visitRange(account, StoreNames.EVENT_INDEX, descending ? range.withDescendingKeys() : range, visit);
                },
                account.accountId());
    }

    @Override
    public MonthlyHistory monthlyHistory(final Placement account, final int year) {
        final String id = account.accountId();
        final List<MonthlySnapshot> before = cachedRange(
                account,
                StoreNames.MONTHLY_SNAPSHOTS,
                (ReadOnlyKeyValueStore<MonthKey, MonthlySnapshot> store) ->
                        store.reverseRange(MonthKey.first(id), new MonthKey(id, YearMonth.of(year - 1, 12))),
                1);
        final List<MonthlySnapshot> months = cachedRange(
                account,
                StoreNames.MONTHLY_SNAPSHOTS,
                (ReadOnlyKeyValueStore<MonthKey, MonthlySnapshot> store) ->
                        store.range(new MonthKey(id, YearMonth.of(year, 1)), new MonthKey(id, YearMonth.of(year, 12))),
                12);
        return new MonthlyHistory(
                before.stream().findFirst().map(MonthlyViews::toResponse),
                months.stream().map(MonthlyViews::toResponse).toList());
    }

    @Override
    public EventsResponse events(final Placement account, final long fromVersion, final int limit) {
        // one more than asked: whether it exists says if there is a next page, and where it starts
        final List<KeyValue<EventKey, IndexedEvent>> page = index(account).from(fromVersion, limit + 1);
        final List<EventResponse> events = page.stream()
                .limit(limit)
                .map(entry -> EventViews.toResponse(codec, entry.key.version(), entry.value.event(), personal))
                .toList();
        final Long next = page.size() > limit ? page.get(limit).key.version() : null;
        return new EventsResponse(account.accountId(), events, next);
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

    /**
     * Up to {@code max} values of a range of a store with a record cache, read through IQv1 on the account's partition
     * of this instance (any local copy, as {@link #query}), so that what the processor put since the last commit is
     * included. Not being able to open the range means no copy here ({@link NoCopyHere}); failing while reading it, as
     * for {@link #visitRange}, that the task closed under the iterator.
     */
    private <K, V> List<V> cachedRange(
            final Placement account,
            final String store,
            final Function<ReadOnlyKeyValueStore<K, V>, KeyValueIterator<K, V>> open,
            final int max) {
        final KeyValueIterator<K, V> iterator;
        try {
            final ReadOnlyKeyValueStore<K, V> local =
                    streams.store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<K, V>keyValueStore())
                            .withPartition(account.partition())
                            .enableStaleStores());
            iterator = open.apply(local);
        } catch (InvalidStateStoreException e) {
            throw new NoCopyHere("the store " + store + " of partition " + account.partition()
                    + " is not queryable here: " + e.getMessage());
        }
        final List<V> values = new ArrayList<>();
        try (iterator) {
            while (values.size() < max && iterator.hasNext()) {
                values.add(iterator.next().value);
            }
        } catch (InvalidStateStoreException e) {
            // the task closed under the iterator: it migrated away or the instance is shutting down
            throw unavailable("the store " + store + " closed while it was read: " + e.getMessage());
        }
        return values;
    }

    /** Visits a range of a store without a record cache until {@code visit} answers false. */
    private <K, V> void visitRange(
            final Placement account,
            final String store,
            final RangeQuery<K, V> query,
            final Predicate<KeyValue<K, V>> visit) {
        try (KeyValueIterator<K, V> iterator = query(account, store, query)) {
            boolean more = true;
            while (more && iterator.hasNext()) {
                more = visit.test(iterator.next());
            }
        } catch (InvalidStateStoreException e) {
            // the task closed under the iterator: it migrated away or the instance is shutting down
            throw unavailable("the store " + store + " closed while it was read: " + e.getMessage());
        }
    }

    private static RuntimeException unavailable(final String detail) {
        return Problem.of(503, "projection-unavailable", "Projection not available", detail)
                .exception();
    }

    private static String hostString(final HostInfo host) {
        return host.host() + ":" + host.port();
    }
}
