package dev.kes.transfer;

import static dev.kes.transfer.topology.TransferSteps.creditRejected;
import static dev.kes.transfer.topology.TransferSteps.debited;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.schemas.command.CreditTransfer;
import dev.kes.schemas.command.RefundTransfer;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.kafka.TopicNames;
import dev.kes.transfer.topology.TransferMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manager as it runs, against a real broker: a debit event becomes a credit command on the commands topic, a
 * rejection of that credit one refund command, however often the rejection is published.
 */
@WithKafka
class TransferManagerTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private final AvroCodec codec = AvroCodec.shipped();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aDebitIsCreditedAndARejectedCreditRefundedOnce(final KafkaTestCluster kafka, @TempDir final Path state)
            throws Exception {
        final String prefix = TestNames.unique("transfer-manager");
        final TopicNames topics = TopicNames.prefixed(prefix);
        final TransferManagerConfig config = TransferManagerConfig.of(TestManagers.settings(kafka, prefix, state));
        try (TransferManager manager = TransferManager.start(config);
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                        kafka.clientProperties(), new StringSerializer(), new ByteArraySerializer());
                KafkaConsumer<String, byte[]> consumer = commandsConsumer(kafka, prefix)) {
            consumer.subscribe(List.of(topics.commands()));
            await().atMost(WAIT).until(() -> get(manager, "/health/ready").statusCode() == 200);

            producer.send(new ProducerRecord<>(
                    topics.events(), "it-a", codec.encode(debited("it-t1", "it-a", "it-b", "12.00"))));
            producer.flush();
            final List<ConsumerRecord<String, byte[]>> sent = new ArrayList<>();
            await().atMost(WAIT).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(sent::add);
                assertThat(sent).hasSize(1);
            });
            assertThat(sent.get(0).key()).isEqualTo("it-b");
            final CreditTransfer credit = codec.decode(sent.get(0).value(), CreditTransfer.class);
            assertThat(credit.getCommandId()).isEqualTo("it-t1/credit");
            assertThat(credit.getFromAccountId()).isEqualTo("it-a");

            // published twice, as the command service answers a retried commandId with its first outcome
            final byte[] rejection = codec.encode(creditRejected("it-t1", "it-b", "account it-b is closed"));
            producer.send(new ProducerRecord<>(topics.results(), "it-t1/credit", rejection));
            producer.send(new ProducerRecord<>(topics.results(), "it-t1/credit", rejection));
            producer.flush();
            // the second copy handled (and counted) before looking: no second refund can still be on its way
            await().atMost(WAIT)
                    .until(() -> get(manager, "/metrics")
                            .body()
                            .contains(TransferMetrics.DUPLICATES + "{step=\"credit-rejected\"} 1.0"));
            sent.clear();
            await().atMost(WAIT).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(sent::add);
                assertThat(sent).isNotEmpty();
            });
            consumer.poll(Duration.ofSeconds(1)).forEach(sent::add);
            assertThat(sent).hasSize(1);
            assertThat(sent.get(0).key()).isEqualTo("it-a");
            final RefundTransfer refund = codec.decode(sent.get(0).value(), RefundTransfer.class);
            assertThat(refund.getCommandId()).isEqualTo("it-t1/refund");
            assertThat(refund.getReason()).isEqualTo("account it-b is closed");
            assertThat(get(manager, "/metrics").body())
                    .contains(TransferMetrics.COMMANDS_SENT + "{type=\"RefundTransfer\"} 1.0");
        }
    }

    @Test
    void withTokensMetricsNeedsTheReadScopeAsOnTheServicesAndHealthStaysOpen(
            final KafkaTestCluster kafka, @TempDir final Path state) throws Exception {
        final String prefix = TestNames.unique("transfer-manager-auth");
        final Map<String, String> settings = TestManagers.settings(kafka, prefix, state);
        settings.put("http.auth.tokens", "reader-token-0123456789:read,writer-token-0123456789:write");
        final TransferManagerConfig config = TransferManagerConfig.of(settings);
        try (TransferManager manager = TransferManager.start(config)) {
            await().atMost(WAIT).until(() -> get(manager, "/health/ready").statusCode() == 200);

            final HttpResponse<String> anonymous = get(manager, "/metrics");
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(anonymous.body()).contains("urn:kes:problem:unauthorized");
            assertThat(get(manager, "/metrics", "writer-token-0123456789").statusCode())
                    .isEqualTo(403);
            final HttpResponse<String> reader = get(manager, "/metrics", "reader-token-0123456789");
            assertThat(reader.statusCode()).isEqualTo(200);
            assertThat(reader.body()).contains("jvm_");
        }
    }

    private static KafkaConsumer<String, byte[]> commandsConsumer(final KafkaTestCluster kafka, final String prefix) {
        final Map<String, Object> props = kafka.clientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, prefix + "-reader");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // the manager sends in transactions: only what it committed counts
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private HttpResponse<String> get(final TransferManager manager, final String path)
            throws IOException, InterruptedException {
        return get(manager, path, null);
    }

    private HttpResponse<String> get(final TransferManager manager, final String path, final String token)
            throws IOException, InterruptedException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + manager.httpPort() + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
