package dev.kes.projection.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.domain.AccountEvent;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.http.Json;
import dev.kes.service.mapping.EventMapping;
import dev.kes.service.personal.PersonalData;
import dev.kes.service.personal.PersonalDataSettings;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live tail renders (reveals) each event once, when it reads it, and queues the JSON for each stream. An event
 * still queued when its account's personal data is erased goes out erased, not with the holder it was rendered with.
 */
@WithKafka
class LiveTailErasureTest {

    @Test
    void queuedEventsOfAnErasedAccountAreSentErased(final KafkaTestCluster kafka, @TempDir final Path state)
            throws Exception {
        final String prefix = TestNames.unique("tail-erasure");
        final String events = prefix + ".events";
        final String keys = prefix + ".keys";
        kafka.createTopic(events, 1, Map.of());
        kafka.createTopic(keys, 1, Map.of("cleanup.policy", "compact"));
        final AvroCodec codec = AvroCodec.shipped();
        final String holder = "Tailqvz Holder";
        try (PersonalData personal = PersonalData.open(
                        kafka.clientProperties(), keys, new PersonalDataSettings("", "", true, state));
                FeedConsumers consumers = new FeedConsumers(kafka.clientProperties(), events, prefix);
                LiveTail tail =
                        new LiveTail(consumers, new FeedDecoder(codec, Json.mapper(), personal), 100, () -> {});
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                        kafka.clientProperties(), new StringSerializer(), new ByteArraySerializer())) {
            // a subscriber that reads nothing yet: whatever the tail dispatches waits in its queue
            final LiveTail.Subscription slow =
                    tail.register(EventFilter.ALL, 100).subscription();
            final Instant at = Instant.parse("2026-01-05T10:00:00Z");
            final List<AccountEvent> history = List.of(
                    new AccountEvent.AccountOpened(
                            "erased", 1, at, personal.seal("erased", "holder", holder), new BigDecimal("5.00")),
                    new AccountEvent.AccountOpened(
                            "kept", 1, at, personal.seal("kept", "holder", holder), new BigDecimal("7.00")),
                    new AccountEvent.PersonalDataErased("erased", 2, at.plusSeconds(1)));
            for (final AccountEvent event : history) {
                producer.send(new ProducerRecord<>(
                                events,
                                event.accountId(),
                                codec.encode(EventMapping.toAvro(
                                        event,
                                        UUID.randomUUID().toString(),
                                        Metadata.newBuilder().build()))))
                        .get();
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> slow.queue().size() == 3);
            final List<String> sent = new ArrayList<>();
            slow.queue().forEach(record -> sent.add(new String(record.json(), StandardCharsets.UTF_8)));
            assertThat(sent.get(0))
                    .contains("\"accountId\":\"erased\"", "\"holder\":null", "\"personalDataErased\":true")
                    .doesNotContain(holder);
            assertThat(sent.get(1)).contains("\"accountId\":\"kept\"", "\"holder\":\"" + holder + "\"");
            assertThat(sent.get(2)).contains("\"type\":\"PersonalDataErased\"");
        }
    }
}
