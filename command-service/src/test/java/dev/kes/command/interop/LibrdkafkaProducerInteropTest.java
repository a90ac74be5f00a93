package dev.kes.command.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.command.testing.CommandServiceFixture;
import dev.kes.command.testing.Placement;
import dev.kes.command.testing.StoredEvent;
import dev.kes.command.testing.TopicReader;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.result.Outcome;
import dev.kes.schemas.result.RejectionCode;
import dev.kes.schemas.serde.AvroCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands written to account-commands by kcat, a real librdkafka producer, as a user following the README's "Kafka
 * ingestion" section would. With librdkafka's default partitioner ({@code consistent_random}, CRC32 of the key) an
 * account can land on a partition that does not own it: those commands must be refused, not decided by a second
 * writer. With the README's {@code partitioner=murmur2_random} the same account's commands are decided.
 * Runs in the {@code interop} Maven profile, active where {@code /usr/bin/kcat} exists.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LibrdkafkaProducerInteropTest {
    /** The README's advice for librdkafka clients, verbatim. */
    private static final String README_PARTITIONER = "partitioner=murmur2_random";

    private final AvroCodec codec = AvroCodec.shipped();

    @AutoClose
    private CommandServiceFixture service;

    private KafkaTestCluster kafka;
    private Kcat kcat;
    private int partitions;
    private Path files;

    @BeforeAll
    void start(final KafkaTestCluster kafka, @TempDir final Path state, @TempDir final Path files) throws Exception {
        this.kafka = kafka;
        this.files = files;
        kcat = new Kcat(kafka.bootstrapServers());
        assertThat(kcat.version()).contains("librdkafka");
        service = CommandServiceFixture.start(kafka, "librdkafka-interop", state);
        final String topic = service.topics().commands();
        partitions = Placement.partitionCount(kafka, topic);
        assertThat(partitions)
                .as("a misplaced command needs several partitions")
                .isGreaterThan(1);
    }

    @Test
    void kcatWithItsDefaultPartitionerIsRefusedAndWithTheReadmesPartitionerIsDecided() throws Exception {
        final String account = Placement.accountPlacedElsewhereByCrc32("kcat", partitions);
        final int owner = Placement.murmur2Partition(account, partitions);
        final int foreign = Placement.crc32Partition(account, partitions);
        final String topic = service.topics().commands();

        // kcat as it comes: librdkafka's consistent_random partitioner
        kcat.produce(
                topic,
                account,
                List.of(),
                List.of(
                        file(Placement.open("open-default", account)),
                        file(Placement.deposit("deposit-default", account, "5.00"))));
        await().atMost(30, TimeUnit.SECONDS)
                .untilAsserted(() -> assertThat(placement(account))
                        .as("where kcat put each command (CRC32 of the key)")
                        .isEqualTo(Map.of("open-default", foreign, "deposit-default", foreign)));
        final Map<String, CommandResult> refused = awaitResults(Set.of("open-default", "deposit-default"));
        for (final CommandResult result : refused.values()) {
            assertThat(result.getOutcome()).as(result.getCommandId()).isEqualTo(Outcome.REJECTED);
            assertThat(result.getRejection().getCode()).isEqualTo(RejectionCode.INVALID_COMMAND);
            assertThat(result.getRejection().getMessage())
                    .contains("belongs to partition " + owner)
                    .contains("written to partition " + foreign)
                    .contains(README_PARTITIONER);
        }
        assertThat(service.events(account))
                .as("a refused command writes nothing")
                .isEmpty();

        // kcat set up as the README tells librdkafka users
        kcat.produce(
                topic,
                account,
                List.of(README_PARTITIONER),
                List.of(
                        file(Placement.open("open-murmur2", account)),
                        file(Placement.deposit("deposit-murmur2", account, "5.00"))));
        await().atMost(30, TimeUnit.SECONDS)
                .untilAsserted(() -> assertThat(placement(account))
                        .containsEntry("open-murmur2", owner)
                        .containsEntry("deposit-murmur2", owner));
        final Map<String, CommandResult> decided = awaitResults(Set.of("open-murmur2", "deposit-murmur2"));
        assertThat(decided.get("open-murmur2").getOutcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(decided.get("open-murmur2").getVersion()).isEqualTo(1L);
        assertThat(decided.get("deposit-murmur2").getOutcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(decided.get("deposit-murmur2").getVersion()).isEqualTo(2L);
        assertThat(decided.get("deposit-murmur2").getBalance()).isEqualByComparingTo("105.00");

        final List<StoredEvent> events = service.events(account);
        assertThat(events)
                .extracting(StoredEvent::version)
                .as("one writer, gap-free versions")
                .containsExactly(1L, 2L);
        assertThat(events).extracting(StoredEvent::causationId).containsExactly("open-murmur2", "deposit-murmur2");
    }

    /** The commandId of each of this account's records on account-commands, and the partition it is on. */
    private Map<String, Integer> placement(final String account) {
        final Map<String, Integer> placement = new HashMap<>();
        for (final ConsumerRecord<String, byte[]> record :
                TopicReader.readAll(kafka, service.topics().commands())) {
            if (account.equals(record.key())) {
                final SpecificRecord command = codec.decode(record.value());
                placement.put(
                        String.valueOf(command.get(
                                command.getSchema().getField("commandId").pos())),
                        record.partition());
            }
        }
        return placement;
    }

    /** The results of these commands on account-command-results (read_committed), once all are there. */
    private Map<String, CommandResult> awaitResults(final Set<String> commandIds) {
        final Map<String, CommandResult> results = new HashMap<>();
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
            results.clear();
            for (final ConsumerRecord<String, byte[]> record :
                    TopicReader.readAll(kafka, service.topics().results())) {
                if (commandIds.contains(record.key())) {
                    results.put(record.key(), codec.decode(record.value(), CommandResult.class));
                }
            }
            assertThat(results.keySet()).containsExactlyInAnyOrderElementsOf(commandIds);
        });
        return results;
    }

    /** The command in Avro single-object encoding, in a file of its own: kcat sends a whole file as one message. */
    private Path file(final SpecificRecord command) throws Exception {
        final String commandId = String.valueOf(
                command.get(command.getSchema().getField("commandId").pos()));
        return Files.write(files.resolve(commandId + ".avro"), codec.encode(command));
    }
}
