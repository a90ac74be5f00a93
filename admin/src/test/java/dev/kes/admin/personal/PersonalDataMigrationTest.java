package dev.kes.admin.personal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.admin.ExitCodes;
import dev.kes.admin.testing.Cli;
import dev.kes.command.testing.FileScan;
import dev.kes.domain.AccountDecider;
import dev.kes.domain.AccountEvent;
import dev.kes.domain.PersonalValues;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.schemas.event.AccountOpened;
import dev.kes.schemas.registry.InMemorySchemaRegistry;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.SchemaCatalog;
import dev.kes.service.mapping.EventMapping;
import dev.kes.service.personal.KeyEncryptionKey;
import dev.kes.service.personal.PersonalData;
import dev.kes.service.personal.PersonalKeys;
import dev.kes.service.personal.PersonalKeysTopic;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * es-admin personal-data migrate on a real broker: events written before sealing existed (holder in clear text) are
 * copied to a successor in which the holder is sealed, on no disk in clear, revealable with the key-encryption key
 * and erasable; everything else is copied as it was, exactly once, also across an interrupted run.
 */
@WithKafka
class PersonalDataMigrationTest {
    static final Map<String, String> EVENTS_CONFIGS = Map.of(
            "cleanup.policy", "delete",
            "retention.ms", "-1",
            "retention.bytes", "-1",
            "compression.type", "uncompressed");
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void sealsEveryClearHolderAndCopiesEverythingElseAsItWas(final KafkaTestCluster kafka, @TempDir final Path dir)
            throws Exception {
        final String prefix = TestNames.unique("pii-migrate");
        final String source = prefix + ".events";
        final String successor = prefix + ".events-sealed";
        final String keysTopic = prefix + ".keys";
        kafka.createTopic(source, 3, EVENTS_CONFIGS);
        final Path kekFile = kek(dir);
        final KeyEncryptionKey kek = KeyEncryptionKey.fromBase64(Files.readString(kekFile), "test");
        final String ada = FileScan.uniqueName();
        final String erasedName = FileScan.uniqueName();
        final String kept = FileScan.uniqueName();
        final String sealedBefore;
        // the keys topic as the command service made it, with the key of an account it opened after sealing began
        kafka.createTopic(
                keysTopic, 1, PersonalKeysTopic.spec(keysTopic, (short) 1).configs());
        try (PersonalData personal = new PersonalData(PersonalKeys.open(kafka.clientProperties(), keysTopic, kek))) {
            sealedBefore = personal.seal("new", "holder", kept);
        }
        final String garbageKey;
        try (OldEvents old = new OldEvents(kafka, source)) {
            old.write(List.of(
                    new AccountEvent.AccountOpened("ada", 1, T0, ada, new BigDecimal("100.00")),
                    new AccountEvent.AccountOpened("gone", 1, T0.plusSeconds(1), erasedName, new BigDecimal("5.00"))));
            old.write(List.of(
                    new AccountEvent.MoneyDeposited("ada", 2, T0.plusSeconds(2), new BigDecimal("25.50"), "pay"),
                    new AccountEvent.PersonalDataErased("gone", 2, T0.plusSeconds(3)),
                    new AccountEvent.AccountOpened("new", 1, T0.plusSeconds(4), sealedBefore, new BigDecimal("1.00"))));
            old.write(List.of(
                    new AccountEvent.MoneyWithdrawn("ada", 3, T0.plusSeconds(5), new BigDecimal("0.50")),
                    new AccountEvent.MoneyDeposited("new", 2, T0.plusSeconds(6), new BigDecimal("2.00"), null)));
            garbageKey = "ada";
            old.raw(garbageKey, T0.plusSeconds(7).toEpochMilli(), "not an event".getBytes(StandardCharsets.UTF_8));
        }
        final List<ConsumerRecord<byte[], byte[]>> before = StoredRecords.read(kafka, source);
        final ConsumerRecord<byte[], byte[]> garbage = before.stream()
                .filter(r -> new String(r.value(), StandardCharsets.UTF_8).equals("not an event"))
                .findFirst()
                .orElseThrow();
        final Path brokerData = kafka.embedded().orElseThrow().dataDir();
        // the scan finds the clear name where it is: in the source's files
        assertThat(StoredRecords.segmentsContaining(brokerData, source, ada.getBytes(StandardCharsets.UTF_8)))
                .isNotEmpty();

        final Cli.Run run = migrate(kafka, source, successor, keysTopic, kekFile, prefix + "-writer");

        // the unreadable record is copied as it was, and reported
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.PROBLEMS_FOUND);
        for (final String name : List.of(ada, erasedName, kept)) {
            assertThat(StoredRecords.segmentsContaining(brokerData, successor, name.getBytes(StandardCharsets.UTF_8)))
                    .as("segment files of %s holding %s in clear", successor, name)
                    .isEmpty();
        }
        assertThat(StoredRecords.hasSegments(brokerData, successor)).isTrue();
        assertThat(StoredRecords.segmentsContaining(brokerData, keysTopic, ada.getBytes(StandardCharsets.UTF_8)))
                .isEmpty();

        assertThat(run.out())
                .contains("created " + successor)
                .contains("copied 8 record(s) in this run, 2 of them sealed")
                .contains("UNREADABLE  " + source + " " + garbage.partition() + ":" + garbage.offset())
                .contains("1 account(s) erased before the copy: 1 new data key(s) tombstoned again")
                .doesNotContain("CLEAR")
                .doesNotContain("COUNTS");

        final List<ConsumerRecord<byte[], byte[]>> after = StoredRecords.read(kafka, successor);
        assertThat(after).hasSameSizeAs(before);
        final AvroCodec codec = AvroCodec.shipped();
        final Map<String, String> sealedHolders = new LinkedHashMap<>();
        for (int i = 0; i < before.size(); i++) {
            final ConsumerRecord<byte[], byte[]> was = before.get(i);
            final ConsumerRecord<byte[], byte[]> is = after.get(i);
            assertThat(is.partition()).isEqualTo(was.partition());
            assertThat(is.key()).isEqualTo(was.key());
            assertThat(is.timestamp()).isEqualTo(was.timestamp());
            assertThat(headers(is)).isEqualTo(headers(was));
            final boolean clearOpening = was != garbage
                    && codec.decode(was.value()) instanceof AccountOpened opened
                    && !PersonalValues.isSealed(opened.getHolder());
            if (!clearOpening) {
                assertThat(is.value()).as("record %d copied byte for byte", i).isEqualTo(was.value());
                continue;
            }
            final AccountOpened original = codec.decode(was.value(), AccountOpened.class);
            final AccountOpened copy = codec.decode(is.value(), AccountOpened.class);
            assertThat(copy.getHolder()).startsWith(PersonalValues.SEALED_PREFIX);
            sealedHolders.put(copy.getAccountId(), copy.getHolder());
            copy.setHolder(original.getHolder());
            assertThat(copy).as("everything but the holder as it was").isEqualTo(original);
        }
        assertThat(sealedHolders).containsOnlyKeys("ada", "gone");
        assertThat(balances(after, garbage))
                .isEqualTo(balances(before, garbage))
                .containsEntry("ada", "125.00");

        try (PersonalData personal = new PersonalData(PersonalKeys.open(kafka.clientProperties(), keysTopic, kek))) {
            assertThat(personal.reveal("ada", "holder", sealedHolders.get("ada")))
                    .contains(ada);
            assertThat(personal.reveal("new", "holder", sealedBefore)).contains(kept);
            assertThat(personal.reveal("gone", "holder", sealedHolders.get("gone")))
                    .as("erased before the migration, erased after it")
                    .isEmpty();
            assertThat(personal.seal("ada", "holder", ada))
                    .as("sealed as the command service seals it: the same text for the same value")
                    .isEqualTo(sealedHolders.get("ada"));
        }
        // erased as ErasureWatcher erases: the account's keys tombstoned
        try (PersonalKeys keys = PersonalKeys.open(kafka.clientProperties(), keysTopic, null)) {
            assertThat(keys.erase("ada")).isEqualTo(1);
        }
        try (PersonalData personal = new PersonalData(PersonalKeys.open(kafka.clientProperties(), keysTopic, kek))) {
            assertThat(personal.reveal("ada", "holder", sealedHolders.get("ada")))
                    .isEmpty();
        }
    }

    @Test
    void anInterruptedRunContinuesAndCopiesNothingTwice(final KafkaTestCluster kafka, @TempDir final Path dir)
            throws Exception {
        final String prefix = TestNames.unique("pii-resume");
        final String source = prefix + ".events";
        final String successor = prefix + ".events-sealed";
        final String keysTopic = prefix + ".keys";
        kafka.createTopic(source, 2, EVENTS_CONFIGS);
        final Path kekFile = kek(dir);
        final List<AccountEvent> events = new ArrayList<>();
        for (int account = 0; account < 4; account++) {
            events.add(new AccountEvent.AccountOpened(
                    "acc-" + account, 1, T0.plusSeconds(account), FileScan.uniqueName(), new BigDecimal("10.00")));
            events.add(new AccountEvent.MoneyDeposited(
                    "acc-" + account, 2, T0.plusSeconds(10 + account), new BigDecimal("1.00"), null));
        }
        try (OldEvents old = new OldEvents(kafka, source)) {
            for (final AccountEvent event : events) {
                old.write(List.of(event));
            }
        }
        final List<ConsumerRecord<byte[], byte[]>> before = StoredRecords.read(kafka, source);

        final Cli.Run first =
                migrate(kafka, source, successor, keysTopic, kekFile, prefix + "-writer", "--max-records", "3");
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.OK);
        assertThat(first.out()).contains("copied 3 record(s)").contains("Stopped after --max-records 3");
        assertThat(StoredRecords.read(kafka, successor)).hasSize(3);

        // a run killed mid-transaction: its copies are written but never committed
        final Map<String, Object> props = kafka.clientProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, PersonalDataMigration.progressGroup(successor));
        try (KafkaProducer<byte[], byte[]> killed =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            killed.initTransactions();
            killed.beginTransaction();
            for (final ConsumerRecord<byte[], byte[]> record : before) {
                killed.send(new ProducerRecord<>(
                        successor, record.partition(), record.timestamp(), record.key(), record.value()));
            }
            killed.flush();

            final Cli.Run second = migrate(kafka, source, successor, keysTopic, kekFile, prefix + "-writer");
            assertThat(second.exitCode()).as(second.toString()).isEqualTo(ExitCodes.OK);
            assertThat(second.out())
                    .contains("continued from source offsets")
                    .contains("copied " + (before.size() - 3) + " record(s) in this run")
                    .contains("OK: every record copied");
        }
        final List<ConsumerRecord<byte[], byte[]>> after = StoredRecords.read(kafka, successor);
        assertThat(identities(after)).isEqualTo(identities(before));

        final Cli.Run third = migrate(kafka, source, successor, keysTopic, kekFile, prefix + "-writer");
        assertThat(third.exitCode()).as(third.toString()).isEqualTo(ExitCodes.OK);
        assertThat(third.out()).contains("copied 0 record(s)").contains("OK: every record copied");
        assertThat(identities(StoredRecords.read(kafka, successor))).isEqualTo(identities(before));
    }

    @Test
    void aRegistryFramedOpeningKeepsItsSchemaId(final KafkaTestCluster kafka) throws Exception {
        final String prefix = TestNames.unique("pii-framed");
        final String source = prefix + ".events";
        final String successor = prefix + ".events-sealed";
        kafka.createTopic(source, 1, EVENTS_CONFIGS);
        final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        final String holder = FileScan.uniqueName();
        try (OldEvents old = new OldEvents(kafka, source, AvroCodec.withRegistry(registry))) {
            old.write(List.of(
                    new AccountEvent.AccountOpened("f", 1, T0, holder, new BigDecimal("3.00")),
                    new AccountEvent.MoneyDeposited("f", 2, T0.plusSeconds(1), new BigDecimal("4.00"), "x")));
        }
        final AvroCodec reader = AvroCodec.withRegistry(SchemaCatalog.shipped(), registry, Set.of());
        final KeyEncryptionKey kek = KeyEncryptionKey.random();
        final MigrationResult result;
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            result = new PersonalDataMigration(kafka.clientProperties(), admin, Duration.ofSeconds(30), reader)
                    .migrate(
                            new PersonalDataMigration.Request(
                                    source, successor, prefix + ".keys", prefix + "-writer", 0),
                            kek);
        }
        assertThat(result.clean()).as(result.toString()).isTrue();
        assertThat(result.sealed()).isEqualTo(1);

        final List<ConsumerRecord<byte[], byte[]>> before = StoredRecords.read(kafka, source);
        final List<ConsumerRecord<byte[], byte[]>> after = StoredRecords.read(kafka, successor);
        assertThat(after).hasSize(2);
        assertThat(Arrays.copyOf(after.get(0).value(), 5))
                .as("the registry header, schema id included")
                .isEqualTo(Arrays.copyOf(before.get(0).value(), 5));
        final AccountOpened opened = reader.decode(after.get(0).value(), AccountOpened.class);
        try (PersonalData personal =
                new PersonalData(PersonalKeys.open(kafka.clientProperties(), prefix + ".keys", kek))) {
            assertThat(personal.reveal("f", "holder", opened.getHolder())).contains(holder);
        }
        assertThat(after.get(1).value()).isEqualTo(before.get(1).value());
    }

    static Cli.Run migrate(
            final KafkaTestCluster kafka,
            final String source,
            final String successor,
            final String keysTopic,
            final Path kekFile,
            final String writer,
            final String... more) {
        final List<String> line = new ArrayList<>(List.of(migrateLine(kafka, source, successor, keysTopic)));
        line.addAll(List.of("--kek-file", kekFile.toString(), "--application-id", writer));
        line.addAll(List.of(more));
        return Cli.run(line.toArray(String[]::new));
    }

    /** {@code es-admin personal-data migrate} of {@code source} to {@code successor}, without a key-encryption key. */
    static String[] migrateLine(
            final KafkaTestCluster kafka, final String source, final String successor, final String keysTopic) {
        return new String[] {
            "personal-data",
            "migrate",
            "--bootstrap",
            kafka.bootstrapServers(),
            "--events-topic",
            source,
            "--to",
            successor,
            "--keys-topic",
            keysTopic
        };
    }

    static Path kek(final Path dir) throws Exception {
        final Path file = dir.resolve("kek-" + new Random().nextInt(1_000_000));
        Files.writeString(file, KeyEncryptionKey.newBase64() + "\n");
        return file;
    }

    /** Partition, key, timestamp and headers of each record, in order: what a copy keeps and a duplicate repeats. */
    private static List<String> identities(final List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream()
                .map(r -> r.partition() + " " + new String(r.key(), StandardCharsets.UTF_8) + " " + r.timestamp() + " "
                        + headers(r))
                .toList();
    }

    private static List<String> headers(final ConsumerRecord<byte[], byte[]> record) {
        final List<String> headers = new ArrayList<>();
        for (final Header header : record.headers()) {
            headers.add(header.key() + "=" + new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    /** Each account's balance, folded by the domain from the records in log order, {@code skip}'s value left out. */
    private static Map<String, String> balances(
            final List<ConsumerRecord<byte[], byte[]>> records, final ConsumerRecord<byte[], byte[]> skip) {
        final AvroCodec codec = AvroCodec.shipped();
        final Map<String, List<AccountEvent>> byAccount = new LinkedHashMap<>();
        for (final ConsumerRecord<byte[], byte[]> record : records) {
            if (new String(record.value(), StandardCharsets.UTF_8)
                    .equals(new String(skip.value(), StandardCharsets.UTF_8))) {
                continue;
            }
            final SpecificRecord avro = codec.decode(record.value());
            EventMapping.toDomain(avro)
                    .ifPresent(event -> byAccount
                            .computeIfAbsent(event.accountId(), a -> new ArrayList<>())
                            .add(event));
        }
        return byAccount.entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey,
                        e -> AccountDecider.replay(e.getKey(), e.getValue())
                                .balance()
                                .toPlainString()));
    }
}
