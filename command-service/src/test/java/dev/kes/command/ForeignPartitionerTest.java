package dev.kes.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.command.testing.Placement;
import dev.kes.command.testing.RawIngestion;
import dev.kes.command.testing.StoredEvent;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.result.Outcome;
import dev.kes.schemas.result.RejectionCode;
import dev.kes.schemas.serde.AvroCodec;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A producer built on librdkafka (Python, Go, .NET, C clients) places keyed records with CRC32 by default
 * ({@code partitioner=consistent_random}), not with the murmur2 hash of Kafka's Java producer. Its commands for an
 * account then reach another partition, hence another stream task, than the Java producer's: without a guard that task
 * decides them against an empty state, and the account gets a second writer (two version-1 events, two balances).
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForeignPartitionerTest {
    private final AvroCodec codec = AvroCodec.shipped();

    @AutoClose
    private RawIngestion ingestion;

    private int partitions;

    @BeforeAll
    void start(final KafkaTestCluster kafka, @TempDir final Path state) throws Exception {
        ingestion = RawIngestion.start(kafka, "foreign-partitioner", state);
        final String topic = ingestion.topics().commands();
        partitions = Placement.partitionCount(kafka, topic);
        assertThat(partitions).as("the defect needs several partitions").isGreaterThan(1);
    }

    @Test
    void commandsPlacedByCrc32OnAPartitionThatDoesNotOwnTheAccountAreRefusedAndOneWriterDecides() throws Exception {
        final String account = Placement.accountPlacedElsewhereByCrc32("crc", partitions);
        final int owner = Placement.murmur2Partition(account, partitions);
        final int foreign = Placement.crc32Partition(account, partitions);

        // the Java producer's placement (default partitioner), then a librdkafka producer's, for the same account
        final RecordMetadata javaOpen = ingestion
                .send(account, codec.encode(Placement.open("open-java", account)))
                .get();
        ingestion
                .send(foreign, account, codec.encode(Placement.open("open-crc32", account)))
                .get();
        ingestion
                .send(foreign, account, codec.encode(Placement.deposit("deposit-crc32", account, "5.00")))
                .get();
        ingestion
                .send(account, codec.encode(Placement.deposit("deposit-java", account, "7.00")))
                .get();
        assertThat(javaOpen.partition())
                .as("where Kafka's Java producer put the key")
                .isEqualTo(owner);

        final Map<String, CommandResult> results =
                awaitResults(Set.of("open-java", "open-crc32", "deposit-crc32", "deposit-java"));

        final List<StoredEvent> events = ingestion.events(account);
        assertThat(events)
                .extracting(StoredEvent::version)
                .as("one writer, gap-free versions")
                .containsExactly(1L, 2L);
        assertThat(events).extracting(StoredEvent::causationId).containsExactly("open-java", "deposit-java");
        assertThat(results.get("deposit-java").getBalance()).isEqualByComparingTo("107.00");
        for (final String misplaced : List.of("open-crc32", "deposit-crc32")) {
            final CommandResult refused = results.get(misplaced);
            assertThat(refused.getOutcome()).as(misplaced).isEqualTo(Outcome.REJECTED);
            assertThat(refused.getRejection().getCode()).isEqualTo(RejectionCode.INVALID_COMMAND);
            assertThat(refused.getRejection().getMessage())
                    .contains("belongs to partition " + owner)
                    .contains("written to partition " + foreign)
                    .contains("murmur2");
        }
    }

    private Map<String, CommandResult> awaitResults(final Set<String> commandIds) {
        final Map<String, CommandResult> results = new HashMap<>();
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
            results.clear();
            for (final ConsumerRecord<String, byte[]> record : ingestion.results()) {
                if (commandIds.contains(record.key())) {
                    results.put(record.key(), codec.decode(record.value(), CommandResult.class));
                }
            }
            assertThat(results.keySet()).containsExactlyInAnyOrderElementsOf(commandIds);
        });
        return results;
    }
}
