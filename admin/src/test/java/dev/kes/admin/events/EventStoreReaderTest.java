package dev.kes.admin.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.admin.ExitCodes;
import dev.kes.admin.kafka.OffsetRange;
import dev.kes.admin.testing.Cli;
import dev.kes.admin.testing.EventWriter;
import dev.kes.admin.testing.Partitioning;
import dev.kes.domain.AccountEvent;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.schemas.common.AccountStatus;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.state.AccountSnapshot;
import dev.kes.service.mapping.EventMapping;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The read-all-events API on a real broker: six accounts spread over three partitions, four events each an hour
 * apart, then records that are not readable events, and an aborted transaction.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventStoreReaderTest {
    private static final Instant BASE = Instant.parse("2025-06-01T00:00:00Z");
    private static final List<String> ACCOUNTS = Partitioning.spread("r", 3, 2);

    private final List<RecordMetadata> written = new ArrayList<>();
    private KafkaTestCluster kafka;
    private String topic;
    private EventStoreReader reader;

    @BeforeAll
    void writeEvents(final KafkaTestCluster cluster) throws Exception {
        kafka = cluster;
        topic = TestNames.unique("reader") + ".account-events";
        // kept forever, as the real events topic: the broker's 7-day retention would delete these backdated events
        kafka.createTopic(topic, 3, Map.of("retention.ms", "-1"));
        final List<AccountEvent> events = new ArrayList<>();
        for (int version = 1; version <= 4; version++) {
            for (int i = 0; i < ACCOUNTS.size(); i++) {
                events.add(event(ACCOUNTS.get(i), version, BASE.plusSeconds(version * 3600L + i * 60L)));
            }
        }
        final Instant later = BASE.plusSeconds(5 * 3600);
        try (EventWriter writer = new EventWriter(kafka, topic)) {
            written.addAll(writer.events(events));
            // a newer schema (unknown fingerprint), a record that is not an event, bytes that are no Avro at all
            writer.raw("r-x", later.toEpochMilli(), new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0});
            writer.raw(
                    "r-x",
                    later.toEpochMilli(),
                    AvroCodec.shipped()
                            .encode(new AccountSnapshot(
                                    "r-x",
                                    "X",
                                    BigDecimal.ONE.setScale(2),
                                    1L,
                                    AccountStatus.OPEN,
                                    BASE,
                                    BASE,
                                    false)));
            writer.raw("r-x", later.toEpochMilli(), "not avro".getBytes(StandardCharsets.UTF_8));
        }
        abortedEvent(kafka, topic, later);
        reader = new EventStoreReader(kafka.clientProperties(), topic);
    }

    @Test
    void fromAnInstantEveryPartitionIsReadFromItsFirstEventAtOrAfterIt() {
        final Instant from = BASE.plusSeconds(2 * 3600 + 1800); // between versions 2 and 3

        final ReadResult result = reader.readFrom(from);

        assertThat(result.events())
                .extracting(e -> e.accountId() + " v" + e.version())
                .containsExactlyInAnyOrderElementsOf(ACCOUNTS.stream()
                        .flatMap(id -> List.of(id + " v3", id + " v4").stream())
                        .toList());
        assertThat(result.events()).allSatisfy(e -> assertThat(e.timestamp()).isAfterOrEqualTo(from));
        assertThat(result.summary().skippedUnknown()).isEqualTo(2);
        assertThat(result.summary().skippedMalformed()).isEqualTo(1);
        assertThat(result.summary().ranges()).extracting(OffsetRange::partition).containsExactly(0, 1, 2);
        assertThat(result.summary().ranges())
                .extracting(OffsetRange::from)
                .containsExactlyElementsOf(firstOffsetsAtOrAfter(from));
    }

    @Test
    void eachPartitionComesInLogOrderSoEachAccountInVersionOrder() {
        final List<StoredEvent> events = reader.readFrom(null).events();

        assertThat(events).hasSize(4 * ACCOUNTS.size());
        final Map<Integer, List<Long>> offsets = events.stream()
                .collect(Collectors.groupingBy(
                        StoredEvent::partition,
                        TreeMap::new,
                        Collectors.mapping(StoredEvent::offset, Collectors.toList())));
        assertThat(offsets)
                .hasSize(3)
                .allSatisfy((partition, inPartition) ->
                        assertThat(inPartition).isSortedAccordingTo(Comparator.naturalOrder()));
        final Map<String, List<Long>> versions = events.stream()
                .collect(Collectors.groupingBy(
                        StoredEvent::accountId, Collectors.mapping(StoredEvent::version, Collectors.toList())));
        assertThat(versions)
                .hasSize(ACCOUNTS.size())
                .allSatisfy((id, inAccount) -> assertThat(inAccount).containsExactly(1L, 2L, 3L, 4L));
    }

    @Test
    void theAbortedTransactionIsNeverSeen() {
        final List<Long> versions = new ArrayList<>();
        final ReadSummary summary = reader.forEach(event -> versions.add(event.version()));

        assertThat(versions).hasSize(4 * ACCOUNTS.size()).doesNotContain(99L);
        assertThat(summary.delivered()).isEqualTo(versions.size());
    }

    @Test
    void oneAccountsEventsInVersionOrderWithTheirEnvelope() {
        final String id = ACCOUNTS.get(4);

        final List<StoredEvent> events = reader.readAccount(id).events();

        assertThat(events).extracting(StoredEvent::version).containsExactly(1L, 2L, 3L, 4L);
        assertThat(events)
                .extracting(StoredEvent::type)
                .containsExactly("AccountOpened", "MoneyDeposited", "MoneyDeposited", "MoneyDeposited");
        assertThat(events.get(0).eventId()).isEqualTo(id + "#1");
        assertThat(events).extracting(StoredEvent::key).containsOnly(id);
        assertThat(events).extracting(StoredEvent::partition).containsOnly(Partitioning.partitionOf(id, 3));
    }

    @Test
    void fromAfterTheLastRecordReadsNothing() {
        // after the transaction markers too: they carry the time they were written, not an event's occurredAt
        final ReadResult result = reader.readFrom(Instant.parse("2100-01-01T00:00:00Z"));

        assertThat(result.events()).isEmpty();
        assertThat(result.summary().ranges())
                .allSatisfy(range -> assertThat(range.size()).isZero());
    }

    @Test
    void theEventsCommandPrintsOneLinePerEventAndASummary() {
        final String id = ACCOUNTS.get(1);

        final Cli.Run run = Cli.onTopic("events", kafka, topic, "--account", id, "--from", "2025-06-01T02:00:00Z");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out().lines())
                .as(run.toString())
                .hasSize(3)
                .allSatisfy(line -> assertThat(line)
                        .matches("\\d:\\d+  2025-06-01T0[234]:01:00Z  " + id + "  v[234]  MoneyDeposited  amount=1.00  "
                                + "eventId=" + id + "#[234]"));
        assertThat(run.err())
                .contains("# 3 event(s) printed of 18 read from 3 partition(s)")
                .contains("skipped: 2 of unknown type, 1 unreadable");
    }

    @Test
    void theOptionsEveryCommandTakesWorkBeforeTheCommand() {
        final String id = ACCOUNTS.get(1);

        final Cli.Run run = Cli.run(
                "--bootstrap",
                kafka.bootstrapServers(),
                "--events-topic",
                topic,
                "--timeout",
                "30",
                "events",
                "--account",
                id);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out().lines()).as(run.toString()).hasSize(4);
        assertThat(run.err()).contains("# 4 event(s) printed of 24 read from 3 partition(s) of " + topic);
    }

    private List<Long> firstOffsetsAtOrAfter(final Instant from) {
        final List<Long> first = new ArrayList<>();
        for (int partition = 0; partition < 3; partition++) {
            final int p = partition;
            first.add(written.stream()
                    .filter(ack -> ack.partition() == p && ack.timestamp() >= from.toEpochMilli())
                    .mapToLong(RecordMetadata::offset)
                    .min()
                    .orElseThrow());
        }
        return first;
    }

    private static AccountEvent event(final String id, final int version, final Instant at) {
        return version == 1
                ? new AccountEvent.AccountOpened(id, 1, at, "Holder of " + id, new BigDecimal("50.00"))
                : new AccountEvent.MoneyDeposited(id, version, at, new BigDecimal("1.00"), null);
    }

    /** An event written in a transaction that is then aborted: in the log, but never to be read. */
    private static void abortedEvent(final KafkaTestCluster kafka, final String topic, final Instant at) {
        final Map<String, Object> props = kafka.clientProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TestNames.unique("aborting"));
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            final String id = ACCOUNTS.get(0);
            producer.send(new ProducerRecord<>(
                    topic,
                    null,
                    at.toEpochMilli(),
                    id,
                    AvroCodec.shipped()
                            .encode(EventMapping.toAvro(
                                    new AccountEvent.MoneyDeposited(id, 99, at, BigDecimal.TEN.setScale(2), null),
                                    id + "#99",
                                    Metadata.newBuilder().build()))));
            producer.flush();
            producer.abortTransaction();
        }
    }
}
