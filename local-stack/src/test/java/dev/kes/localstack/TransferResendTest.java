package dev.kes.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.command.CommandService;
import dev.kes.command.CommandServiceConfig;
import dev.kes.command.testing.StoredEvent;
import dev.kes.command.testing.TopicReader;
import dev.kes.domain.AccountDecider;
import dev.kes.domain.AccountEvent;
import dev.kes.domain.AccountEvent.TransferCredited;
import dev.kes.domain.AccountEvent.TransferRefunded;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.schemas.command.CreditTransfer;
import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.result.Outcome;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.kafka.TopicNames;
import dev.kes.transfer.TransferManager;
import dev.kes.transfer.TransferManagerConfig;
import dev.kes.transfer.topology.TransferMetrics;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ADR 0010's resends, with the command service and the process manager on a real broker: a refund is not lost when
 * the credit's rejection is deleted from the results topic before the manager reads it, and a credit sent again for
 * a transfer already credited, after the command service's dedupe window, pays nothing twice.
 */
@WithKafka
class TransferResendTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private final AvroCodec codec = AvroCodec.shipped();

    @Test
    void aRejectionDeletedByRetentionWhileTheManagerIsDownIsLearntAgainAndRefundedOnce(
            final KafkaTestCluster kafka, @TempDir final Path state) throws Exception {
        final Stack stack = new Stack(kafka, state, Map.of(), Map.of());
        try (CommandService commands = CommandService.start(stack.commandConfig())) {
            final HttpTestClient api = new HttpTestClient(commands.httpPort());
            open(api, "rs-src", "100.00");
            open(api, "rs-dst", "0");
            assertThat(api.post("/accounts/rs-dst/close", null, null).statusCode())
                    .isEqualTo(200);
            transfer(api, "rs-t1", "rs-src", "rs-dst", "10.00");
        }
        // the manager sends the credit (perhaps again) and stops before the command service, stopped too, refuses it
        try (TransferManager manager = TransferManager.start(stack.managerConfig())) {
            await().atMost(WAIT)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> creditsOnTheCommandsTopic(kafka, stack.topics, "rs-t1/credit") >= 1);
        }
        final long credits = creditsOnTheCommandsTopic(kafka, stack.topics, "rs-t1/credit");
        try (CommandService commands = CommandService.start(stack.commandConfig())) {
            // every copy answered before the retention strikes: no answer may come after it
            await().atMost(WAIT)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> results(kafka, stack.topics, "rs-t1/credit").size() == credits);
            assertThat(results(kafka, stack.topics, "rs-t1/credit"))
                    .extracting(CommandResult::getOutcome)
                    .containsOnly(Outcome.REJECTED);
            deleteEverything(kafka, stack.topics.results());
            assertThat(results(kafka, stack.topics, "rs-t1/credit"))
                    .as("the retention's work")
                    .isEmpty();

            try (TransferManager manager = TransferManager.start(stack.managerConfig())) {
                final HttpTestClient pm = new HttpTestClient(manager.httpPort());
                // refunded, then forgotten (retention 0): from then on it has no timer that could send anything
                await().atMost(WAIT)
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> pm.get("/metrics").body().contains(TransferMetrics.FORGOTTEN + " 1.0"));
                assertThat(pm.get("/metrics").body())
                        .contains(TransferMetrics.FINISHED + "{status=\"REFUNDED\"} 1.0")
                        .contains(TransferMetrics.RESENT + "{type=\"CreditTransfer\"}");
            }
        }
        final List<StoredEvent> events = TopicReader.events(kafka, stack.topics.events());
        assertThat(endings(events, "rs-t1"))
                .hasSize(1)
                .allSatisfy(end -> assertThat(end).isInstanceOf(TransferRefunded.class));
        assertThat(balance(events, "rs-src")).isEqualByComparingTo("100.00");
        assertThat(balance(events, "rs-dst")).isEqualByComparingTo("0.00");
    }

    @Test
    void aCreditSentAgainAfterTheDedupeWindowForACreditedTransferPaysNothingTwice(
            final KafkaTestCluster kafka, @TempDir final Path state) throws Exception {
        // a window of 1 ms: only the follow-ups' ids are remembered beyond it; no resend but the test's own
        final Stack stack =
                new Stack(kafka, state, Map.of("dedupe.window.ms", "1"), Map.of("transfer.resend.after.ms", "3600000"));
        try (CommandService commands = CommandService.start(stack.commandConfig());
                TransferManager manager = TransferManager.start(stack.managerConfig())) {
            final HttpTestClient api = new HttpTestClient(commands.httpPort());
            open(api, "rc-src", "100.00");
            open(api, "rc-dst", "0");
            transfer(api, "rc-t1", "rc-src", "rc-dst", "10.00");
            await().atMost(WAIT)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> results(kafka, stack.topics, "rc-t1/credit").size() == 1);

            // the credit again, as the manager sends it when it resends or starts a replayed transfer over: the
            // copy itself, so no race with the manager's own late steps decides whether one is sent
            final ConsumerRecord<String, byte[]> credit = TopicReader.readAll(kafka, stack.topics.commands()).stream()
                    .filter(record -> codec.decode(record.value()) instanceof CreditTransfer c
                            && c.getCommandId().equals("rc-t1/credit"))
                    .findFirst()
                    .orElseThrow();
            try (KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(stack.topics.commands(), credit.key(), credit.value()))
                        .get();
            }
            await().atMost(WAIT)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> results(kafka, stack.topics, "rc-t1/credit").size() == 2);
            final List<CommandResult> answers = results(kafka, stack.topics, "rc-t1/credit");
            assertThat(answers).extracting(CommandResult::getOutcome).containsOnly(Outcome.ACCEPTED);
            assertThat(answers.get(1).getVersion()).isEqualTo(answers.get(0).getVersion());
        }
        final List<StoredEvent> events = TopicReader.events(kafka, stack.topics.events());
        assertThat(endings(events, "rc-t1"))
                .hasSize(1)
                .allSatisfy(end -> assertThat(end).isInstanceOf(TransferCredited.class));
        assertThat(balance(events, "rc-src")).isEqualByComparingTo("90.00");
        assertThat(balance(events, "rc-dst")).isEqualByComparingTo("10.00");
    }

    /** One command service's and one manager's configuration on topics of their own; restartable on its state. */
    private static final class Stack {
        final TopicNames topics;
        private final Map<String, String> command = new HashMap<>();
        private final Map<String, String> manager = new HashMap<>();

        Stack(
                final KafkaTestCluster kafka,
                final Path state,
                final Map<String, String> commandExtra,
                final Map<String, String> managerExtra) {
            final String prefix = TestNames.unique("resend");
            topics = TopicNames.prefixed(prefix);
            final Map<String, String> common = RunningServices.commonConfig(kafka, topics, state);
            common.put("topic.partitions", "2");
            common.put("commit.interval.ms", "20");
            command.putAll(common);
            command.put("application.id", prefix + "-commands");
            command.put("state.dir", state.resolve("commands").toString());
            command.putAll(commandExtra);
            manager.putAll(common);
            manager.put("application.id", prefix + "-pm");
            manager.put("state.dir", state.resolve("pm").toString());
            manager.put("topic.transfer.dlq", prefix + ".transfer-dlq");
            manager.put("transfer.resend.after.ms", "500");
            manager.put("transfer.finished.retention.ms", "0");
            manager.putAll(managerExtra);
        }

        CommandServiceConfig commandConfig() {
            return CommandServiceConfig.of(command);
        }

        TransferManagerConfig managerConfig() {
            return TransferManagerConfig.of(manager);
        }
    }

    private static void open(final HttpTestClient api, final String id, final String deposit) {
        assertThat(api.postJson(
                                "/accounts",
                                "{\"accountId\":\"" + id + "\",\"holder\":\"Ada\",\"initialDeposit\":\"" + deposit
                                        + "\"}")
                        .statusCode())
                .isEqualTo(201);
    }

    private static void transfer(
            final HttpTestClient api, final String id, final String from, final String to, final String amount) {
        assertThat(api.postJson(
                                "/transfers",
                                "{\"transferId\":\"" + id + "\",\"fromAccountId\":\"" + from + "\",\"toAccountId\":\""
                                        + to + "\",\"amount\":\"" + amount + "\"}")
                        .statusCode())
                .isEqualTo(202);
    }

    private long creditsOnTheCommandsTopic(final KafkaTestCluster kafka, final TopicNames topics, final String id) {
        return TopicReader.readAll(kafka, topics.commands()).stream()
                .filter(record -> codec.decode(record.value()) instanceof CreditTransfer credit
                        && credit.getCommandId().equals(id))
                .count();
    }

    private List<CommandResult> results(final KafkaTestCluster kafka, final TopicNames topics, final String id) {
        return TopicReader.readAll(kafka, topics.results()).stream()
                .filter(record -> id.equals(record.key()))
                .map(record -> codec.decode(record.value(), CommandResult.class))
                .toList();
    }

    /** What the results topic's retention would do, at once: every record so far deleted. */
    private static void deleteEverything(final KafkaTestCluster kafka, final String topic) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties());
                KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                        kafka.clientProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            final Map<TopicPartition, RecordsToDelete> all = consumer.endOffsets(partitions).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, end -> RecordsToDelete.beforeOffset(end.getValue())));
            admin.deleteRecords(all).all().get();
        }
    }

    private static List<AccountEvent> endings(final List<StoredEvent> events, final String transferId) {
        return events.stream()
                .map(StoredEvent::event)
                .filter(event -> event instanceof TransferCredited c
                                && c.transferId().equals(transferId)
                        || event instanceof TransferRefunded r && r.transferId().equals(transferId))
                .toList();
    }

    private static BigDecimal balance(final List<StoredEvent> events, final String accountId) {
        // by eventId: a test's copy of an event (a replay) is the same event
        final List<AccountEvent> history = events.stream()
                .filter(event -> event.accountId().equals(accountId))
                .collect(Collectors.toMap(
                        StoredEvent::eventId, StoredEvent::event, (first, copy) -> first, LinkedHashMap::new))
                .values()
                .stream()
                .toList();
        return AccountDecider.replay(accountId, history).balance();
    }
}
