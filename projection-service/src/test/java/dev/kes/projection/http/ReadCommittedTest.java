package dev.kes.projection.http;

import static dev.kes.projection.topology.TestEvents.deposited;
import static dev.kes.projection.topology.TestEvents.opened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.projection.ProjectionService;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.kafka.TopicNames;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events of an aborted command transaction never reach the read models: the projection reads committed records
 * only, so the committed retry of the same version is applied instead of being skipped as a duplicate.
 */
@WithKafka
class ReadCommittedTest {
    private static final Instant T = Instant.parse("2025-06-01T10:00:00Z");

    @Test
    void anAbortedEventIsNeverApplied(final KafkaTestCluster kafka, @TempDir final Path state) throws Exception {
        final String prefix = TestNames.unique("read-committed");
        final TopicNames topics = TopicNames.prefixed(prefix);
        try (ProjectionService service = TestProjections.start(kafka, prefix, 1, state)) {
            final Map<String, Object> props = kafka.clientProperties();
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, prefix + "-tx");
            try (KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                send(producer, topics.events(), opened("rc-1", T, "999"));
                producer.flush();
                producer.abortTransaction();
                producer.beginTransaction();
                send(producer, topics.events(), opened("rc-1", T, "10"));
                send(producer, topics.events(), deposited("rc-1", 2, T.plusSeconds(1), "5"));
                producer.commitTransaction();
            }
            final TestHttp http = new TestHttp(service.httpPort());
            final ObjectMapper json = new ObjectMapper();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                final HttpResponse<String> account = http.get("/accounts/rc-1");
                assertThat(account.statusCode()).isEqualTo(200);
                assertThat(json.readTree(account.body()).get("version").asLong())
                        .isEqualTo(2);
            });
            assertThat(json.readTree(http.get("/accounts/rc-1").body())
                            .get("balance")
                            .asText())
                    .isEqualTo("15.00");
        }
    }

    private static void send(
            final KafkaProducer<String, byte[]> producer, final String topic, final SpecificRecord event) {
        producer.send(new ProducerRecord<>(topic, "rc-1", AvroCodec.shipped().encode(event)));
    }
}
