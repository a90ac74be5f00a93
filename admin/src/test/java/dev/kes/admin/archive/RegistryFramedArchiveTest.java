package dev.kes.admin.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.admin.events.ReadSummary;
import dev.kes.admin.events.StoredEvent;
import dev.kes.admin.testing.EventWriter;
import dev.kes.domain.AccountEvent;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.registry.InMemorySchemaRegistry;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.SchemaCatalog;
import dev.kes.service.mapping.EventMapping;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An archive outlives the schema registry the events were written through: a run of a topic that holds both framings
 * stores every value in single-object encoding (a registry-framed value's Avro body unchanged behind the new header),
 * so the archive reads completely without any registry; a value whose schema id the registry cannot resolve is kept
 * as it was and counted as undecodable.
 */
@WithKafka
class RegistryFramedArchiveTest {
    private static final Instant BASE = Instant.parse("2025-08-01T00:00:00Z");

    @Test
    void theArchiveOfARegistryFramedTopicReadsWithoutTheRegistry(final KafkaTestCluster kafka, @TempDir final Path dir)
            throws Exception {
        final String topic = TestNames.unique("archive-framings") + ".account-events";
        kafka.createTopic(topic, 3, Map.of("retention.ms", "-1"));
        final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        final AvroCodec withRegistry = AvroCodec.withRegistry(registry);
        final List<AccountEvent> single = new ArrayList<>();
        final List<AccountEvent> framed = new ArrayList<>();
        for (final String id : List.of("af-1", "af-2", "af-3")) {
            single.add(new AccountEvent.AccountOpened(id, 1, BASE, "Holder of " + id, new BigDecimal("50.00")));
            framed.add(new AccountEvent.MoneyDeposited(
                    id, 2, BASE.plusSeconds(60), new BigDecimal("1.00"), "pay", new BigDecimal("51.00")));
        }
        final byte[] unknownId;
        try (EventWriter singleWriter = new EventWriter(kafka, topic);
                EventWriter framedWriter = new EventWriter(kafka, topic, withRegistry)) {
            singleWriter.events(single);
            framedWriter.events(framed);
            unknownId = withRegistry.encode(EventMapping.toAvro(
                    new AccountEvent.MoneyDeposited(
                            "af-1", 3, BASE.plusSeconds(120), BigDecimal.ONE, null, new BigDecimal("52.00")),
                    "af-1#3",
                    Metadata.newBuilder().build()));
            ByteBuffer.wrap(unknownId, 1, 4).putInt(31_337);
            framedWriter.raw("af-1", BASE.plusSeconds(120).toEpochMilli(), unknownId);
        }

        final FileSystemArchiveStorage storage = new FileSystemArchiveStorage(dir);
        final ArchiveResult result;
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            result = new EventArchiver(
                            kafka.clientProperties(),
                            admin,
                            storage,
                            Duration.ofSeconds(30),
                            AvroCodec.withRegistry(SchemaCatalog.shipped(), registry, Set.of()))
                    .archive(topic, BASE.plusSeconds(3_600), false, false, true);
        }
        assertThat(result.manifest().undecodable()).isEqualTo(1);

        final ArchiveReader archive = ArchiveReader.open(storage, topic, AvroCodec.shipped());
        final List<StoredEvent> read = new ArrayList<>();
        final ReadSummary summary = archive.forEachEvent(read::add);
        final List<AccountEvent> all = new ArrayList<>(single);
        all.addAll(framed);
        assertThat(read).extracting(StoredEvent::event).containsExactlyInAnyOrderElementsOf(all);
        assertThat(summary.skippedUnknown()).isEqualTo(1);
        final List<byte[]> values = new ArrayList<>();
        archive.forEachRecord(record -> values.add(ArchiveFiles.bytes(record.getValue())));
        assertThat(values).hasSize(7);
        assertThat(values).filteredOn(value -> value[0] == 0).singleElement().isEqualTo(unknownId);
        assertThat(values)
                .filteredOn(value -> value[0] != 0)
                .hasSize(6)
                .allSatisfy(
                        value -> assertThat(new byte[] {value[0], value[1]}).isEqualTo(new byte[] {(byte) 0xC3, 1}));
    }
}
