package dev.kes.projection.http;

import static dev.kes.projection.topology.TestEvents.opened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.projection.ProjectionService;
import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.projection.topology.ProjectionMetrics;
import dev.kes.projection.topology.TestEvents;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.event.MoneyWithdrawn;
import dev.kes.schemas.registry.InMemorySchemaRegistry;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.SchemaCatalog;
import dev.kes.service.kafka.TopicNames;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One events topic that switched to the schema-registry framing mid-life: the events written before (single-object)
 * and after (registry framing) project together, the event list shows them all, and a record whose schema id the
 * registry does not know is counted and skipped without stopping the partition.
 */
@WithKafka
class RegistryFramedEventsTest {
    private static final Instant T = Instant.parse("2025-07-01T10:00:00Z");
    private static final String ID = "reg-1";

    @Test
    void bothFramingsOnOneTopicProjectCompletely(final KafkaTestCluster kafka, @TempDir final Path state)
            throws Exception {
        final String prefix = TestNames.unique("registry-framed");
        final TopicNames topics = TopicNames.prefixed(prefix);
        final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        final AvroCodec before = AvroCodec.shipped();
        final AvroCodec after = AvroCodec.withRegistry(registry);
        final AvroCodec reader = AvroCodec.withRegistry(SchemaCatalog.shipped(), registry, Set.of());
        try (ProjectionService service = ProjectionService.start(
                ProjectionServiceConfig.of(TestProjections.config(kafka, prefix, 1, state)), reader)) {
            final byte[] unknownId = after.encode(deposit(1, "1.00", "1.00")).clone();
            ByteBuffer.wrap(unknownId, 1, 4).putInt(777_777);
            TestProducer.send(
                    kafka,
                    List.of(
                            new ProducerRecord<>(topics.events(), ID, before.encode(opened(ID, T, "100"))),
                            new ProducerRecord<>(topics.events(), ID, before.encode(deposit(2, "10.00", "110.00"))),
                            new ProducerRecord<>(topics.events(), ID, after.encode(withdrawal(3, "5.00", "105.00"))),
                            new ProducerRecord<>(topics.events(), "reg-x", unknownId),
                            new ProducerRecord<>(topics.events(), ID, after.encode(deposit(4, "2.50", "107.50")))));

            final TestHttp http = new TestHttp(service.httpPort());
            final ObjectMapper json = new ObjectMapper();
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(
                                    json.readTree(http.get("/accounts/" + ID).body())
                                            .path("version")
                                            .asLong())
                            .isEqualTo(4));
            assertThat(json.readTree(http.get("/accounts/" + ID).body())
                            .get("balance")
                            .asText())
                    .isEqualTo("107.50");
            final JsonNode events = json.readTree(
                            http.get("/accounts/" + ID + "/events").body())
                    .get("events");
            assertThat(events).hasSize(4);
            assertThat(events.findValuesAsText("type"))
                    .containsExactly("AccountOpened", "MoneyDeposited", "MoneyWithdrawn", "MoneyDeposited");
            assertThat(events.get(2).get("data").get("amount").asText()).isEqualTo("5.00");
            assertThat(events.get(3).get("data").get("balanceAfter").asText()).isEqualTo("107.50");
            assertThat(http.get("/metrics").body())
                    .containsPattern("(?m)^" + ProjectionMetrics.UNKNOWN + "(\\{[^}]*\\})? 1\\.0$");
        }
    }

    private static MoneyDeposited deposit(final long version, final String amount, final String after) {
        final MoneyDeposited deposit = TestEvents.deposited(ID, version, T.plusSeconds(version), amount);
        deposit.setBalanceAfter(TestEvents.money(after));
        return deposit;
    }

    private static MoneyWithdrawn withdrawal(final long version, final String amount, final String after) {
        final MoneyWithdrawn withdrawal = TestEvents.withdrawn(ID, version, T.plusSeconds(version), amount);
        withdrawal.setBalanceAfter(TestEvents.money(after));
        return withdrawal;
    }
}
