package dev.kes.projection.http;

import static dev.kes.projection.topology.TestEvents.deposited;
import static dev.kes.projection.topology.TestEvents.money;
import static dev.kes.projection.topology.TestEvents.opened;
import static dev.kes.projection.topology.TestEvents.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.projection.ProjectionService;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.OldWriter;
import dev.kes.service.kafka.TopicNames;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events written by the old writer (the v1 schemas from schema-history, not the generated classes) and by the
 * current one on the same topic: the projection reads both through Avro resolution plus the upcasters.
 */
@WithKafka
class OldEventVersionsTest {
    private static final Instant T = Instant.parse("2025-06-01T10:00:00Z");
    private static final String ID = "old-1";

    @Test
    void v1AndV2EventsProjectTogether(final KafkaTestCluster kafka, @TempDir final Path state) throws Exception {
        final String prefix = TestNames.unique("old-versions");
        final TopicNames topics = TopicNames.prefixed(prefix);
        try (ProjectionService service = TestProjections.start(kafka, prefix, 1, state)) {
            final AvroCodec codec = AvroCodec.shipped();
            produce(
                    kafka,
                    topics.events(),
                    List.of(
                            codec.encode(opened(ID, T, "100")),
                            v1Deposit(2, "12.34", "  rent  "),
                            v1Withdrawal(3, "2.34"),
                            codec.encode(current(withdrawn(ID, 4, T.plusSeconds(4), "10.00"), "atm", "100.00")),
                            codec.encode(current(deposited(ID, 5, T.plusSeconds(5), "5.00"), "salary", "105.00"))));

            final TestHttp http = new TestHttp(service.httpPort());
            final ObjectMapper json = new ObjectMapper();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                final HttpResponse<String> account = http.get("/accounts/" + ID);
                assertThat(account.statusCode()).isEqualTo(200);
                assertThat(json.readTree(account.body()).get("version").asLong())
                        .isEqualTo(5);
            });
            assertThat(json.readTree(http.get("/accounts/" + ID).body())
                            .get("balance")
                            .asText())
                    .isEqualTo("105.00");

            final JsonNode events = json.readTree(
                            http.get("/accounts/" + ID + "/events").body())
                    .get("events");
            assertThat(events).hasSize(5);
            final JsonNode oldDeposit = events.get(1).get("data");
            assertThat(events.get(1).get("type").asText()).isEqualTo("MoneyDeposited");
            assertThat(oldDeposit.get("description").asText()).isEqualTo("rent"); // the v1 upcaster's strip
            assertThat(oldDeposit.get("balanceAfter").isNull()).isTrue();
            final JsonNode oldWithdrawal = events.get(2).get("data");
            assertThat(events.get(2).get("type").asText()).isEqualTo("MoneyWithdrawn");
            assertThat(oldWithdrawal.get("amount").asText()).isEqualTo("2.34");
            assertThat(oldWithdrawal.get("description").isNull()).isTrue();
            assertThat(oldWithdrawal.get("balanceAfter").isNull()).isTrue();
            final JsonNode newWithdrawal = events.get(3).get("data");
            assertThat(newWithdrawal.get("description").asText()).isEqualTo("atm");
            assertThat(newWithdrawal.get("balanceAfter").asText()).isEqualTo("100.00");
        }
    }

    /** Raw values, in order, on one partition (key = account id, timestamp = occurredAt is not needed here). */
    private static void produce(final KafkaTestCluster kafka, final String topic, final List<byte[]> values)
            throws Exception {
        TestProducer.send(
                kafka,
                values.stream()
                        .map(value -> new ProducerRecord<>(topic, ID, value))
                        .toList());
    }

    /** A movement as the current writer puts it: with its description and the balance after it. */
    private static SpecificRecordBase current(
            final SpecificRecordBase movement, final String description, final String balanceAfter) {
        movement.put("description", description);
        movement.put("balanceAfter", money(balanceAfter));
        return movement;
    }

    /** A deposit as the old writer put it on the topic: v1 schema from schema-history, generic record. */
    private static byte[] v1Deposit(final long version, final String amount, final String description) {
        final MoneyDeposited deposit = deposited(ID, version, T.plusSeconds(version), amount);
        deposit.setDescription(description);
        return OldWriter.v1(deposit);
    }

    /** A withdrawal as the old writer put it: v1 had no description. */
    private static byte[] v1Withdrawal(final long version, final String amount) {
        return OldWriter.v1(withdrawn(ID, version, T.plusSeconds(version), amount));
    }
}
