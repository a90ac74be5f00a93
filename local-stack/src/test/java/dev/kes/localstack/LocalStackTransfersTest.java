package dev.kes.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.schemas.command.CreditTransfer;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.event.TransferDebited;
import dev.kes.schemas.registry.Codecs;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.kafka.TopicNames;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack runs the transfer process manager beside the services, on the stack's topics and registry: a
 * transfer's debit on account-events becomes the credit command on account-commands, in the registry framing.
 */
class LocalStackTransfersTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theTransferManagerRunsInTheStackAndCreditsADebitedTransfer(@TempDir final Path dataDir) throws Exception {
        try (LocalStack stack = LocalStack.start(new LocalStackOptions(dataDir, FreePorts.kafkaPort(), 0, 0, 0))) {
            await().atMost(Duration.ofSeconds(90))
                    .ignoreExceptions()
                    .until(() -> http.send(
                                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.transferPort()
                                                            + "/health/ready"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200);
            final Map<String, Object> kafka = Map.of("bootstrap.servers", stack.bootstrapServers());
            final Map<String, Object> producerProps = new HashMap<>(kafka);
            producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(
                                TopicNames.EVENTS,
                                "lst-a",
                                AvroCodec.shipped()
                                        .encode(new TransferDebited(
                                                "lst-debit",
                                                "lst-a",
                                                2L,
                                                Instant.now(),
                                                Metadata.newBuilder().build(),
                                                "lst-t1",
                                                "lst-b",
                                                new BigDecimal("3.00"),
                                                null,
                                                new BigDecimal("7.00")))))
                        .get();
            }
            final AvroCodec registry = Codecs.forReading(
                    Map.of("schema.registry.url", stack.registryUrl().orElseThrow()));
            final Map<String, Object> consumerProps = new HashMap<>(kafka);
            consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "local-stack-transfers-test");
            consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            try (KafkaConsumer<String, byte[]> consumer =
                    new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(TopicNames.COMMANDS));
                final List<ConsumerRecord<String, byte[]>> credits = new ArrayList<>();
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(credits::add);
                    assertThat(credits).isNotEmpty();
                });
                assertThat(credits.get(0).key()).isEqualTo("lst-b");
                // the stack's registry is configured: the manager writes the registry framing (magic byte 0)
                assertThat(credits.get(0).value()[0]).isZero();
                final CreditTransfer credit = registry.decode(credits.get(0).value(), CreditTransfer.class);
                assertThat(credit.getCommandId()).isEqualTo("lst-t1/credit");
                assertThat(credit.getAmount()).isEqualByComparingTo("3.00");
            }
        }
    }
}
