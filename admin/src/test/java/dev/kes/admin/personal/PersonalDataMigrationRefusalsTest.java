package dev.kes.admin.personal;

import static dev.kes.admin.personal.PersonalDataMigrationTest.EVENTS_CONFIGS;
import static dev.kes.admin.personal.PersonalDataMigrationTest.kek;
import static dev.kes.admin.personal.PersonalDataMigrationTest.migrate;
import static dev.kes.admin.personal.PersonalDataMigrationTest.migrateLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.admin.ExitCodes;
import dev.kes.admin.testing.Cli;
import dev.kes.command.testing.FileScan;
import dev.kes.domain.AccountEvent;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.service.personal.KeyEncryptionKey;
import dev.kes.service.personal.PersonalKeys;
import dev.kes.service.personal.PersonalKeysTopic;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each refusal of es-admin personal-data migrate: exit 3, one line saying what to do, nothing written. */
@WithKafka
class PersonalDataMigrationRefusalsTest {
    private KafkaTestCluster kafka;
    private String prefix;
    private String source;
    private String successor;
    private String keysTopic;
    private Path kekFile;

    @BeforeEach
    void oldEvents(final KafkaTestCluster kafka, @TempDir final Path dir) throws Exception {
        this.kafka = kafka;
        prefix = TestNames.unique("pii-refuse");
        source = prefix + ".events";
        successor = prefix + ".events-sealed";
        keysTopic = prefix + ".keys";
        kafka.createTopic(source, 2, EVENTS_CONFIGS);
        kekFile = kek(dir);
        try (OldEvents old = new OldEvents(kafka, source)) {
            old.write(List.of(
                    new AccountEvent.AccountOpened("a", 1, Instant.now(), FileScan.uniqueName(), BigDecimal.TEN),
                    new AccountEvent.AccountOpened("b", 1, Instant.now(), FileScan.uniqueName(), BigDecimal.ONE)));
        }
    }

    @Test
    void whileTheCommandServiceRuns() {
        final String writer = prefix + "-command-service";
        final Map<String, Object> props = kafka.clientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, writer);
        try (KafkaConsumer<byte[], byte[]> member =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            member.subscribe(List.of(source));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                member.poll(Duration.ofMillis(100));
                return !member.assignment().isEmpty();
            });
            final Cli.Run run = migrate(kafka, source, successor, keysTopic, kekFile, writer);
            assertRefused(run, "refusing to copy " + source + " written by " + writer + ": it is running");
        }
        assertNothingCreated();
    }

    @Test
    void whileATransactionOnTheSourceIsOpen() {
        final Map<String, Object> props = kafka.clientProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, prefix + "-writer");
        try (KafkaProducer<byte[], byte[]> writer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            writer.initTransactions();
            writer.beginTransaction();
            writer.send(new ProducerRecord<>(source, 0, "a".getBytes(), "x".getBytes()));
            writer.flush();
            final Cli.Run run = migrate(kafka, source, successor, keysTopic, kekFile, prefix + "-writer");
            assertRefused(run, "a transaction on it is still open (partition 0: last stable offset");
            writer.abortTransaction();
        }
        assertNothingCreated();
    }

    @Test
    void aSuccessorWithOtherRecords() throws Exception {
        kafka.createTopic(successor, 2, EVENTS_CONFIGS);
        try (KafkaProducer<byte[], byte[]> other =
                new KafkaProducer<>(kafka.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
            other.send(new ProducerRecord<>(successor, 1, "z".getBytes(), "other".getBytes()))
                    .get();
        }
        final Cli.Run run = migrate(kafka, source, successor, keysTopic, kekFile, prefix + "-writer");
        assertRefused(run, "it already holds records that no migration from " + source + " wrote");
        assertThat(StoredRecords.read(kafka, successor)).hasSize(1);
    }

    @Test
    void aSuccessorWithOtherPartitions() {
        kafka.createTopic(successor, 3, EVENTS_CONFIGS);
        final Cli.Run run = migrate(kafka, source, successor, keysTopic, kekFile, prefix + "-writer");
        assertRefused(run, "it has 3 partitions, and every record must keep its partition");
        assertThat(StoredRecords.read(kafka, successor)).isEmpty();
    }

    @Test
    void theSourceItself() {
        final Cli.Run run = migrate(kafka, source, source, keysTopic, kekFile, prefix + "-writer");
        assertRefused(run, "refusing to migrate " + source + " onto itself");
    }

    @Test
    void anotherKeyEncryptionKeyThanTheKeysTopicWasWrittenWith() {
        kafka.createTopic(
                keysTopic, 1, PersonalKeysTopic.spec(keysTopic, (short) 1).configs());
        try (PersonalKeys written = PersonalKeys.open(kafka.clientProperties(), keysTopic, KeyEncryptionKey.random())) {
            written.keyFor("someone");
        }
        final Cli.Run run = migrate(kafka, source, successor, keysTopic, kekFile, prefix + "-writer");
        assertRefused(run, "was written with another key-encryption key than the configured one");
        assertNothingCreated();
    }

    @Test
    void anArchivedSource() {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            admin.deleteRecords(Map.of(new TopicPartition(source, 0), RecordsToDelete.beforeOffset(1)))
                    .all()
                    .get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        final Cli.Run run = migrate(kafka, source, successor, keysTopic, kekFile, prefix + "-writer");
        assertRefused(run, "its log start offset is above 0 (partition 0 at 1)");
        assertNothingCreated();
    }

    @Test
    void withoutAUsableKeyEncryptionKeyTheCommandLineIsBad(@TempDir final Path dir) throws Exception {
        final String[] line = migrateLine(kafka, source, successor, keysTopic);
        final Cli.Run none = Cli.run(line);
        assertThat(none.exitCode()).as(none.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("--kek-file", "--kek-env");

        final Path notBase64 = Files.writeString(dir.resolve("kek"), "not a key!\n");
        final Cli.Run bad = Cli.run(concat(line, "--kek-file", notBase64.toString()));
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).isEqualTo("error: the key-encryption key in file " + notBase64 + " is not base64\n");

        final Cli.Run unset = Cli.run(concat(line, "--kek-env", "KES_NO_SUCH_VARIABLE_" + prefix.hashCode()));
        assertThat(unset.exitCode()).as(unset.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(unset.err()).contains("that environment variable is not set");
        assertNothingCreated();
    }

    private static String[] concat(final String[] line, final String... more) {
        final String[] all = java.util.Arrays.copyOf(line, line.length + more.length);
        System.arraycopy(more, 0, all, line.length, more.length);
        return all;
    }

    private static void assertRefused(final Cli.Run run, final String reason) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err()).as(run.toString()).contains(reason).doesNotContain("Exception\n\tat");
        assertThat(run.err().strip().lines()).as(run.toString()).hasSize(1);
        assertThat(run.out()).isEmpty();
    }

    private void assertNothingCreated() {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            final Set<String> names = admin.listTopics().names().get();
            assertThat(names).doesNotContain(successor);
            assertThat(admin.listConsumerGroupOffsets(PersonalDataMigration.progressGroup(successor))
                            .partitionsToOffsetAndMetadata()
                            .get())
                    .isEmpty();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
