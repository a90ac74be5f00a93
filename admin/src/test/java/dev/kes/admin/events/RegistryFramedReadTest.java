package dev.kes.admin.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.admin.ExitCodes;
import dev.kes.admin.testing.Cli;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An events topic that switched to the schema-registry framing mid-life, read by es-admin's event reading: with the
 * registry every event of both framings is read; without it the registry-framed ones are counted as unknown, never
 * taken for broken (es-admin's commands, given no registry, stop instead: counting would print none of them); an id
 * the registry does not know is counted as unknown too.
 */
@WithKafka
class RegistryFramedReadTest {
    private static final Instant BASE = Instant.parse("2025-08-01T00:00:00Z");

    @Test
    void aTopicHoldingBothFramingsReadsCompletely(final KafkaTestCluster kafka) throws Exception {
        final String topic = TestNames.unique("framings") + ".account-events";
        kafka.createTopic(topic, 3, Map.of("retention.ms", "-1"));
        final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        final AvroCodec withRegistry = AvroCodec.withRegistry(registry);
        final List<AccountEvent> before = new ArrayList<>();
        final List<AccountEvent> after = new ArrayList<>();
        for (final String id : List.of("f-1", "f-2", "f-3", "f-4")) {
            before.add(new AccountEvent.AccountOpened(id, 1, BASE, "Holder of " + id, new BigDecimal("50.00")));
            before.add(new AccountEvent.MoneyDeposited(
                    id, 2, BASE.plusSeconds(60), new BigDecimal("1.00"), null, new BigDecimal("51.00")));
            after.add(new AccountEvent.MoneyWithdrawn(
                    id, 3, BASE.plusSeconds(120), new BigDecimal("0.50"), "atm", new BigDecimal("50.50")));
            after.add(new AccountEvent.MoneyDeposited(
                    id, 4, BASE.plusSeconds(180), new BigDecimal("2.00"), "pay", new BigDecimal("52.50")));
        }
        try (EventWriter single = new EventWriter(kafka, topic);
                EventWriter framed = new EventWriter(kafka, topic, withRegistry)) {
            single.events(before);
            framed.events(after);
            final byte[] unknownId = withRegistry.encode(EventMapping.toAvro(
                    after.get(0), "f-x#3", Metadata.newBuilder().build()));
            ByteBuffer.wrap(unknownId, 1, 4).putInt(31_337);
            framed.raw("f-1", BASE.plusSeconds(240).toEpochMilli(), unknownId);
        }

        final AvroCodec reader = AvroCodec.withRegistry(SchemaCatalog.shipped(), registry, Set.of());
        final List<StoredEvent> read = new ArrayList<>();
        final ReadSummary summary = new EventStoreReader(
                        kafka.clientProperties(), topic, Duration.ofSeconds(30), reader)
                .forEach(read::add);
        assertThat(summary.delivered()).isEqualTo(16);
        assertThat(summary.skippedUnknown()).isEqualTo(1);
        assertThat(summary.skippedMalformed()).isZero();
        final List<AccountEvent> all = new ArrayList<>(before);
        all.addAll(after);
        assertThat(read).extracting(StoredEvent::event).containsExactlyInAnyOrderElementsOf(all);

        final ReadSummary withoutRegistry =
                new EventStoreReader(kafka.clientProperties(), topic, Duration.ofSeconds(30)).forEach(event -> {});
        assertThat(withoutRegistry.delivered()).isEqualTo(8);
        assertThat(withoutRegistry.skippedUnknown()).isEqualTo(9);
        assertThat(withoutRegistry.skippedMalformed()).isZero();

        // es-admin given no registry does not count them away: it stops at the first and says how to give it one
        final Cli.Run cli = Cli.onTopic("events", kafka, topic);
        assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(cli.err())
                .contains("framed as the schema registry frames them (magic byte 0, schema id")
                .contains("--schema-registry-url")
                .doesNotContain("\tat ");
        // the bulk build stops as well, and names the cleanup of the changelogs it had created
        final String base = TestNames.unique("framings-projection");
        final Cli.Run bulk = Cli.run(
                "projection",
                "rebuild",
                "start",
                "--bootstrap",
                kafka.bootstrapServers(),
                "--events-topic",
                topic,
                "--application-id",
                base,
                "--control-topic",
                base + ".generations",
                "--generation",
                "g2",
                "--bulk");
        assertThat(bulk.exitCode()).as(bulk.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(bulk.err())
                .contains("the bulk build of " + base + "-g2 failed")
                .contains("--schema-registry-url")
                .contains("es-admin projection rebuild cleanup");
    }
}
