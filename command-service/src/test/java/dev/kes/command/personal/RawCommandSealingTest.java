package dev.kes.command.personal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kes.client.command.CommandClient;
import dev.kes.command.CommandService;
import dev.kes.command.testing.FileScan;
import dev.kes.command.testing.HttpTestClient;
import dev.kes.command.testing.Responses;
import dev.kes.command.testing.TestServices;
import dev.kes.command.testing.TopicReader;
import dev.kes.domain.AccountEvent;
import dev.kes.domain.PersonalValues;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import dev.kes.projection.ProjectionService;
import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.schemas.command.OpenAccount;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.result.Outcome;
import dev.kes.service.kafka.TopicNames;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An OpenAccount written to the commands topic by a producer other than {@code POST /accounts} (here the command
 * client) with the holder in clear: the command service seals it before the event and the snapshot are written, so
 * the events topic's and the snapshot changelog's files hold no clear name, while the projection reveals it. The
 * data key it makes goes to the keys topic in the event's transaction; erasure finds and destroys it.
 */
@WithKafka
class RawCommandSealingTest {

    @Test
    void aClearHolderFromTheCommandsTopicIsSealedBeforeItsEventAndSnapshotAreWritten(
            final KafkaTestCluster kafka, @TempDir final Path state) throws Exception {
        final Path brokerData = kafka.embedded().orElseThrow().dataDir();
        final Map<String, String> commandConfig = TestServices.config(kafka, "pii-raw", state.resolve("commands"));
        final TopicNames topics = TestServices.topics(commandConfig);
        final String holder = FileScan.uniqueName();
        final byte[] name = holder.getBytes(StandardCharsets.UTF_8);
        final String account = "raw-" + Long.toHexString(new Random().nextLong());
        final OpenAccount open = OpenAccount.newBuilder()
                .setCommandId("open-" + account)
                .setAccountId(account)
                .setExpectedVersion(null)
                .setOccurredAt(null)
                .setMetadata(Metadata.newBuilder().build())
                .setHolder(" " + holder + " ")
                .setInitialDeposit(new BigDecimal("42.00"))
                .build();

        try (CommandService commands = TestServices.startReady(commandConfig);
                ProjectionService projection = ProjectionService.start(
                        ProjectionServiceConfig.of(projectionConfig(kafka, commandConfig, state)));
                CommandClient client = CommandClient.builder()
                        .kafka(kafka.clientProperties())
                        .topics(topics.commands(), topics.results())
                        .build()) {
            final CommandResult opened = client.submit(open).get(30, TimeUnit.SECONDS);
            assertThat(opened.getOutcome()).as(opened.toString()).isEqualTo(Outcome.ACCEPTED);
            // the same command again is a retry: its fingerprint is the clear command's, so it matches
            final CommandResult retried = client.submit(open).get(30, TimeUnit.SECONDS);
            assertThat(retried.getOutcome()).as(retried.toString()).isEqualTo(Outcome.ACCEPTED);
            assertThat(retried.getVersion()).isEqualTo(1);

            final HttpTestClient queries = new HttpTestClient(projection.httpPort());
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                final JsonNode view = Responses.body(queries.get("/accounts/" + account));
                assertThat(view.path("holder").asText()).isEqualTo(holder);
                assertThat(view.path("balance").asText()).isEqualTo("42.00");
            });
            assertThat(TopicReader.events(kafka, topics.events(), account))
                    .singleElement()
                    .satisfies(event -> assertThat(((AccountEvent.AccountOpened) event.event()).holder())
                            .matches(PersonalValues::isSealed, "sealed"));

            final String changelog = commandConfig.get("application.id") + "-account-state-changelog";
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(FileScan.partitionDirs(brokerData, changelog))
                            .isNotEmpty());
            // the scan sees clear text where the producer wrote it: compression is off and the name is on disk
            assertThat(FileScan.filesContaining(name, FileScan.partitionDirs(brokerData, topics.commands())))
                    .as("the commands topic keeps the command as its producer wrote it")
                    .isNotEmpty();
            assertThat(FileScan.filesContaining(name, FileScan.partitionDirs(brokerData, topics.events())))
                    .as("event files holding the name in clear")
                    .isEmpty();
            assertThat(FileScan.filesContaining(name, FileScan.partitionDirs(brokerData, changelog)))
                    .as("snapshot changelog files holding the name in clear")
                    .isEmpty();
            assertThat(FileScan.filesContaining(name, state))
                    .as("state files holding the name in clear")
                    .isEmpty();

            // the key the processor wrote in its transaction is the one erasure finds and destroys
            assertThat(TestServices.http(commands)
                            .send("DELETE", "/accounts/" + account + "/personal-data")
                            .statusCode())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                final JsonNode view = Responses.body(queries.get("/accounts/" + account));
                assertThat(view.path("holder").isNull()).as(view.toString()).isTrue();
                assertThat(view.path("personalDataErased").asBoolean()).isTrue();
                assertThat(view.path("balance").asText()).isEqualTo("42.00");
            });
        }
    }

    private static Map<String, String> projectionConfig(
            final KafkaTestCluster kafka, final Map<String, String> commandConfig, final Path state) {
        final Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("application.id", commandConfig.get("application.id") + "-projection");
        config.put("topic.events", commandConfig.get("topic.events"));
        config.put("topic.personal.keys", commandConfig.get("topic.personal.keys"));
        config.put("personal.kek.file", commandConfig.get("personal.kek.file"));
        config.put("topic.partitions", commandConfig.get("topic.partitions"));
        config.put("num.standby.replicas", "0");
        config.put("http.port", "0");
        config.put("state.dir", state.resolve("projection").toString());
        return config;
    }
}
