package dev.kes.projection.topology;

import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.projection.query.MonthlyHistory;
import dev.kes.projection.query.MonthlyViews;
import dev.kes.projection.store.EventKey;
import dev.kes.projection.store.IndexReads;
import dev.kes.projection.store.IndexRun;
import dev.kes.projection.store.IndexSearch;
import dev.kes.projection.store.IndexedEvent;
import dev.kes.projection.store.MonthKey;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.view.AccountView;
import dev.kes.schemas.view.BalanceHistoryEntry;
import dev.kes.schemas.view.MonthlySnapshot;
import dev.kes.schemas.view.TransferView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The projection topology in a TopologyTestDriver (one input partition), with its stores read the way the query
 * layer reads them: the same key bounds, newest-first ranges where the queries use descending ones.
 */
public final class ProjectionDriver implements AutoCloseable {
    private final AvroCodec codec = AvroCodec.shipped();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> events;
    /** The state directory this driver made for itself and deletes on close; null when the caller gave one. */
    private final Path ownStateDir;

    /**
     * With a state directory of its own, so that a test class needs no {@code @BeforeEach}/{@code @AfterEach}:
     * {@code @AutoClose private final ProjectionDriver driver = new ProjectionDriver();} gives each test a fresh one.
     */
    public ProjectionDriver() {
        this(createTempDir(), Map.of(), true);
    }

    /** With configuration keys of the service (README "Configuration") set. */
    public ProjectionDriver(final Path stateDir, final Map<String, String> settings) {
        this(stateDir, settings, false);
    }

    private ProjectionDriver(final Path stateDir, final Map<String, String> settings, final boolean own) {
        ownStateDir = own ? stateDir : null;
        final Map<String, String> overrides = new HashMap<>(settings);
        overrides.putIfAbsent("application.id", "projection-test");
        final ProjectionServiceConfig config = ProjectionServiceConfig.of(overrides);
        final Properties props = ProjectionStreamsConfig.properties(config);
        props.put("state.dir", stateDir.toString());
        driver = new TopologyTestDriver(ProjectionTopology.build(config, new ProjectionMetrics(metrics)), props);
        events = driver.createInputTopic(
                config.topics().events(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
    }

    /** Key = the event's accountId, record timestamp = its occurredAt, as the command service writes it. */
    public void pipe(final SpecificRecord event) {
        final byte[] bytes = codec.encode(event);
        final String accountId =
                event.get(event.getSchema().getField("accountId").pos()).toString();
        final Instant occurredAt =
                (Instant) event.get(event.getSchema().getField("occurredAt").pos());
        events.pipeInput(accountId, bytes, occurredAt);
    }

    public void pipeRaw(final String key, final byte[] value) {
        events.pipeInput(key, value);
    }

    public byte[] encode(final SpecificRecord event) {
        return codec.encode(event);
    }

    public long counter(final String name) {
        final Counter counter = metrics.find(name).counter();
        return counter == null ? 0 : (long) counter.count();
    }

    public long counter(final String name, final String view) {
        final Counter counter =
                metrics.find(name).tag(ProjectionMetrics.VIEW, view).counter();
        return counter == null ? 0 : (long) counter.count();
    }

    /** The transfers store, what GET /transfers/{id} reads. */
    public KeyValueStore<String, TransferView> transfers() {
        return driver.getKeyValueStore(StoreNames.TRANSFERS);
    }

    public KeyValueStore<String, AccountView> balances() {
        return driver.getKeyValueStore(StoreNames.BALANCES);
    }

    /** The balance after the last event at or before {@code at}, as GET .../balance?at= finds it. */
    public Optional<BalanceHistoryEntry> balanceAt(final String accountId, final Instant at) {
        final KeyValueStore<EventKey, IndexRun> store = driver.getKeyValueStore(StoreNames.EVENT_INDEX);
        final IndexSearch.Index index = new IndexReads(IndexReads.of(store), accountId);
        return IndexSearch.asOf(index, at).map(ProjectionDriver::historyEntry);
    }

    /** The balance history as the event index holds it: the balance after each event, at its filed instant. */
    public List<KeyValue<EventKey, BalanceHistoryEntry>> history(final String accountId) {
        return indexed(accountId).stream()
                .map(kv -> KeyValue.pair(kv.key, historyEntry(kv)))
                .toList();
    }

    private static BalanceHistoryEntry historyEntry(final KeyValue<EventKey, IndexedEvent> entry) {
        return new BalanceHistoryEntry(entry.key.version(), entry.value.filedAt(), entry.value.balance());
    }

    public List<MonthlySnapshot> months(final String accountId) {
        final KeyValueStore<MonthKey, MonthlySnapshot> store = driver.getKeyValueStore(StoreNames.MONTHLY_SNAPSHOTS);
        return all(store, MonthKey.first(accountId), MonthKey.last(accountId)).stream()
                .map(kv -> kv.value)
                .toList();
    }

    /** What the query layer reads for GET .../monthly-snapshots?year=. */
    public MonthlyHistory monthlyHistory(final String accountId, final int year) {
        final KeyValueStore<MonthKey, MonthlySnapshot> store = driver.getKeyValueStore(StoreNames.MONTHLY_SNAPSHOTS);
        final Optional<MonthlySnapshot> before;
        try (KeyValueIterator<MonthKey, MonthlySnapshot> newestFirst =
                store.reverseRange(MonthKey.first(accountId), new MonthKey(accountId, YearMonth.of(year - 1, 12)))) {
            before = newestFirst.hasNext() ? Optional.of(newestFirst.next().value) : Optional.empty();
        }
        final List<MonthlySnapshot> inYear = all(
                        store,
                        new MonthKey(accountId, YearMonth.of(year, 1)),
                        new MonthKey(accountId, YearMonth.of(year, 12)))
                .stream()
                .map(kv -> kv.value)
                .toList();
        return new MonthlyHistory(
                before.map(MonthlyViews::toResponse),
                inYear.stream().map(MonthlyViews::toResponse).toList());
    }

    /** The account's events in the event index, as the bytes that were written to account-events. */
    public List<KeyValue<EventKey, byte[]>> indexedEvents(final String accountId) {
        return indexed(accountId).stream()
                .map(kv -> KeyValue.pair(kv.key, kv.value.event()))
                .toList();
    }

    public List<KeyValue<EventKey, IndexedEvent>> indexed(final String accountId) {
        final KeyValueStore<EventKey, IndexRun> store = driver.getKeyValueStore(StoreNames.EVENT_INDEX);
        return new IndexReads(IndexReads.of(store), accountId).from(0, Integer.MAX_VALUE);
    }

    private static <K, V> List<KeyValue<K, V>> all(final KeyValueStore<K, V> store, final K from, final K to) {
        final List<KeyValue<K, V>> entries = new ArrayList<>();
        try (KeyValueIterator<K, V> iterator = store.range(from, to)) {
            iterator.forEachRemaining(entries::add);
        }
        return entries;
    }

    @Override
    public void close() {
        try {
            driver.close();
        } finally {
            if (ownStateDir != null) {
                deleteRecursively(ownStateDir);
            }
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("projection-driver");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(final Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            // deepest first: a directory is empty by the time it is deleted
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
