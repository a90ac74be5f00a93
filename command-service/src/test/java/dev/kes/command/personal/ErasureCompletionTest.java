package dev.kes.command.personal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.command.CommandService;
import dev.kes.command.testing.HttpTestClient;
import dev.kes.command.testing.Responses;
import dev.kes.command.testing.TestServices;
import dev.kes.domain.AccountEvent;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.kafka.TopicNames;
import dev.kes.service.mapping.EventMapping;
import dev.kes.service.personal.PersonalKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasure is the event first, then the keys' tombstones. An instance killed in between leaves the event without
 * tombstones; the next start completes the erasure. And the route needs the {@code admin} scope when tokens are on.
 */
@WithKafka
class ErasureCompletionTest {

    @Test
    void anErasureEventWithoutItsTombstonesIsCompletedAfterARestart(
            final KafkaTestCluster kafka, @TempDir final Path state) throws Exception {
        final Map<String, String> config = TestServices.config(kafka, "erasure-restart", state);
        final TopicNames topics = TestServices.topics(config);
        final String account = "erase-" + UUID.randomUUID();
        try (CommandService service = TestServices.startReady(config)) {
            TestServices.open(TestServices.http(service), account, "5.00");
        }
        // what the processor wrote before the instance died: the event, and no tombstone after it
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            topics.events(),
                            account,
                            AvroCodec.shipped()
                                    .encode(EventMapping.toAvro(
                                            new AccountEvent.PersonalDataErased(account, 2, Instant.now()),
                                            UUID.randomUUID().toString(),
                                            Metadata.newBuilder().build()))))
                    .get();
        }
        try (PersonalKeys keys = PersonalKeys.open(kafka.clientProperties(), topics.personalKeys(), null)) {
            assertThat(keys.hasKeys(account)).as("the key before the restart").isTrue();

            try (CommandService restarted = TestServices.startReady(config)) {
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(() -> assertThat(keys.hasKeys(account)).isFalse());
            }
        }
    }

    @Test
    void erasingNeedsTheAdminScope(final KafkaTestCluster kafka, @TempDir final Path state) throws Exception {
        final Map<String, String> config = TestServices.config(kafka, "erasure-scope", state);
        config.put("http.auth.tokens", "writer-token-0123456789:read+write,admin-token-0123456789:admin");
        try (CommandService service = TestServices.startReady(config)) {
            final HttpTestClient http = TestServices.http(service);
            final String path = "/accounts/nobody-" + UUID.randomUUID() + "/personal-data";

            Responses.assertProblem(
                    http.send("DELETE", path, "Authorization", "Bearer writer-token-0123456789"), 403, "forbidden");
            // past the scope check: an unknown account
            Responses.assertProblem(
                    http.send("DELETE", path, "Authorization", "Bearer admin-token-0123456789"),
                    404,
                    "account-not-found");
        }
    }
}
