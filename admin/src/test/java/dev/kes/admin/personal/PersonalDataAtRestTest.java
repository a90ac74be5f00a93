package dev.kes.admin.personal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kes.admin.ExitCodes;
import dev.kes.admin.testing.Cli;
import dev.kes.command.CommandService;
import dev.kes.command.testing.CapturedLogs;
import dev.kes.command.testing.FileScan;
import dev.kes.command.testing.HttpTestClient;
import dev.kes.command.testing.Responses;
import dev.kes.command.testing.TestServices;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import dev.kes.projection.ProjectionService;
import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.service.kafka.TopicNames;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md "Things that must never happen", last line: the holder's name is on no disk in clear text (the broker's
 * log directories, both services' state directories, the archive es-admin writes, read both as stored and
 * decompressed), and after its erasure and the keys topic's compaction its
 * data key is gone from the keys topic's files while every read answers it erased and the money is untouched.
 */
@WithKafka
class PersonalDataAtRestTest {

    @Test
    void theHolderIsOnNoDiskAndAfterErasureNowhereReadable(final KafkaTestCluster kafka, @TempDir final Path state)
            throws Exception {
        final Path brokerData = kafka.embedded().orElseThrow().dataDir();
        final Map<String, String> commandConfig = TestServices.config(kafka, "pii-at-rest", state.resolve("commands"));
        final TopicNames topics = TestServices.topics(commandConfig);
        // compaction within seconds: short segments and lag, old segment files deleted at once
        kafka.createTopic(
                topics.personalKeys(),
                1,
                Map.of(
                        "cleanup.policy", "compact",
                        "segment.ms", "500",
                        "max.compaction.lag.ms", "500",
                        "min.cleanable.dirty.ratio", "0.01",
                        "file.delete.delay.ms", "0",
                        "compression.type", "uncompressed"));
        final String holder = FileScan.uniqueName();
        final byte[] name = holder.getBytes(StandardCharsets.UTF_8);
        final String account = "pii-" + Long.toHexString(new Random().nextLong());

        final Path archive = state.resolve("archive");
        try (CapturedLogs logs = CapturedLogs.debug("dev.kes");
                CommandService commands = TestServices.startReady(commandConfig);
                ProjectionService projection = ProjectionService.start(
                        ProjectionServiceConfig.of(projectionConfig(kafka, commandConfig, state, "a")))) {
            final HttpTestClient http = TestServices.http(commands);
            final HttpTestClient queries = new HttpTestClient(projection.httpPort());
            final HttpResponse<String> opened = http.postJson(
                    "/accounts",
                    "{\"accountId\":\"" + account + "\",\"holder\":\"" + holder + "\",\"initialDeposit\":\"100.00\"}");
            assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
            assertThat(http.postJson("/accounts/" + account + "/deposits", "{\"amount\":\"25.50\"}")
                            .statusCode())
                    .isEqualTo(200);

            // read paths that answer a user reveal it
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                final JsonNode view = Responses.body(queries.get("/accounts/" + account));
                assertThat(view.path("holder").asText()).isEqualTo(holder);
                assertThat(view.path("version").asLong()).isEqualTo(2);
                assertThat(view.path("personalDataErased").asBoolean()).isFalse();
            });
            assertThat(Responses.body(queries.get("/accounts/" + account + "/events"))
                            .path("events")
                            .get(0)
                            .path("data")
                            .path("holder")
                            .asText())
                    .isEqualTo(holder);
            assertThat(fedOpening(queries, account).path("data").path("holder").asText())
                    .isEqualTo(holder);
            final List<String> monthsBefore = months(queries, account);
            assertThat(monthsBefore).last().asString().endsWith(" 0.00 125.50 125.50");
            archive(kafka, topics, archive);
            final Path plainArchive = decompressed(archive, state.resolve("archive-plain-1"));
            assertThat(FileScan.filesContaining(account.getBytes(StandardCharsets.UTF_8), plainArchive))
                    .as("the decompressed archive holds the account's events")
                    .isNotEmpty();
            assertThat(FileScan.filesContaining(name, brokerData, state))
                    .as("files holding the name in clear")
                    .isEmpty();
            final byte[] wrappedKey = dataKeyValue(kafka, topics.personalKeys(), account);

            // erase: 200, then again 200 with no new event
            final HttpResponse<String> erased = http.send("DELETE", "/accounts/" + account + "/personal-data");
            assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
            assertThat(Responses.body(erased).path("version").asLong()).isEqualTo(3);
            final HttpResponse<String> again = http.send("DELETE", "/accounts/" + account + "/personal-data");
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            assertThat(Responses.body(again).path("version").asLong()).isEqualTo(3);
            Responses.assertProblem(
                    http.send("DELETE", "/accounts/no-such-" + account + "/personal-data"), 404, "account-not-found");

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertErased(queries, account));
            assertThat(months(queries, account)).isEqualTo(monthsBefore);
            assertThat(Responses.body(queries.get("/accounts/" + account + "/events"))
                            .path("events")
                            .get(0)
                            .path("data")
                            .path("holder")
                            .isNull())
                    .isTrue();

            // the segment holding the tombstone rolls on a later append (here other accounts' keys, as the service's
            // periodic check record does); the cleaner then compacts it and the wrapped key leaves the files
            final int[] others = {0};
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(2))
                    .untilAsserted(() -> {
                        assertThat(http.postJson(
                                                "/accounts",
                                                "{\"accountId\":\"" + account + "-other-" + others[0]++
                                                        + "\",\"holder\":\"Someone Else\",\"initialDeposit\":\"1.00\"}")
                                        .statusCode())
                                .isEqualTo(201);
                        assertThat(FileScan.filesContaining(wrappedKey, brokerData))
                                .as("files holding the erased data key")
                                .isEmpty();
                    });
            // the archive run after the erasure appends its event (and the other accounts') to the archive
            archive(kafka, topics, archive);
            decompressed(archive, state.resolve("archive-plain-2"));
            assertThat(FileScan.filesContaining(name, brokerData, state))
                    .as("files holding the name in clear")
                    .isEmpty();
            assertThat(logs.lines()).noneSatisfy(line -> assertThat(line).contains(holder));

            // a projection replayed from scratch (new application id, empty state) still shows it erased
            try (ProjectionService replayed = ProjectionService.start(
                    ProjectionServiceConfig.of(projectionConfig(kafka, commandConfig, state, "b")))) {
                final HttpTestClient fresh = new HttpTestClient(replayed.httpPort());
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertErased(fresh, account));
                assertThat(months(fresh, account)).isEqualTo(monthsBefore);
            }
        }
    }

    private static void assertErased(final HttpTestClient queries, final String account) throws IOException {
        final HttpResponse<String> response = queries.get("/accounts/" + account);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        final JsonNode view = Responses.body(response);
        assertThat(view.path("holder").isNull()).as(response.body()).isTrue();
        assertThat(view.path("personalDataErased").asBoolean())
                .as(response.body())
                .isTrue();
        assertThat(view.path("balance").asText()).isEqualTo("125.50");
        assertThat(view.path("version").asLong()).isEqualTo(3);
        final JsonNode opened = Responses.body(queries.get("/accounts/" + account + "/events"))
                .path("events")
                .get(0);
        assertThat(opened.path("data").path("holder").isNull())
                .as(opened.toString())
                .isTrue();
        assertThat(opened.path("data").path("personalDataErased").asBoolean())
                .as(opened.toString())
                .isTrue();
        assertThat(opened.path("data").path("initialDeposit").asText()).isEqualTo("100.00");
        // the cross-account feed (what /events/stream's catch-up reads too) answers it erased as well
        final JsonNode fed = fedOpening(queries, account);
        assertThat(fed.path("data").path("holder").isNull()).as(fed.toString()).isTrue();
        assertThat(fed.path("data").path("personalDataErased").asBoolean())
                .as(fed.toString())
                .isTrue();
    }

    /** The account's AccountOpened as {@code GET /events} (every account's events, from the beginning) answers it. */
    private static JsonNode fedOpening(final HttpTestClient queries, final String account) throws IOException {
        for (final JsonNode event :
                Responses.body(queries.get("/events?limit=1000")).path("events")) {
            if (account.equals(event.path("accountId").asText())
                    && "AccountOpened".equals(event.path("type").asText())) {
                return event;
            }
        }
        throw new AssertionError("no AccountOpened of " + account + " in GET /events");
    }

    /** The money of each month: what erasure must leave as it was (the event count grows by the erasure). */
    private static List<String> months(final HttpTestClient queries, final String account) throws IOException {
        final List<String> months = new ArrayList<>();
        for (final JsonNode month : Responses.body(queries.get("/accounts/" + account + "/monthly-snapshots?year="
                        + java.time.Year.now(java.time.ZoneOffset.UTC)))
                .path("months")) {
            months.add(month.path("month").asText() + " "
                    + month.path("openingBalance").asText() + " "
                    + month.path("closingBalance").asText() + " "
                    + month.path("deposits").asText());
        }
        assertThat(months).isNotEmpty();
        return months;
    }

    private static Map<String, String> projectionConfig(
            final KafkaTestCluster kafka, final Map<String, String> commandConfig, final Path state, final String id) {
        final Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("application.id", commandConfig.get("application.id") + "-projection-" + id);
        config.put("topic.events", commandConfig.get("topic.events"));
        config.put("topic.personal.keys", commandConfig.get("topic.personal.keys"));
        config.put("personal.kek.file", commandConfig.get("personal.kek.file"));
        config.put("topic.partitions", commandConfig.get("topic.partitions"));
        config.put("num.standby.replicas", "0");
        config.put("http.port", "0");
        config.put("state.dir", state.resolve("projection-" + id).toString());
        return config;
    }

    /** The wrapped data key of the account as the keys topic holds it. */
    private static byte[] dataKeyValue(final KafkaTestCluster kafka, final String topic, final String account) {
        final Map<String, Object> props = kafka.clientProperties();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            final TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            final long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (final ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key().startsWith(account + "/") && record.value() != null) {
                        return record.value();
                    }
                }
            }
        }
        throw new AssertionError("no data key of " + account + " in " + topic);
    }

    /** es-admin archive of every event so far, leaving the topic as it is (the replay below reads it whole). */
    private static void archive(final KafkaTestCluster kafka, final TopicNames topics, final Path archive) {
        final Cli.Run run = Cli.archive(
                kafka, topics.events(), Instant.now().plusSeconds(60).toString(), archive, "--force", "--no-truncate");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
    }

    /**
     * The archive's Avro files rewritten without their compression under {@code into}, so that the byte scan sees
     * what they hold as the broker's uncompressed segments show it.
     */
    private static Path decompressed(final Path archive, final Path into) throws IOException {
        Files.createDirectories(into);
        final List<Path> files;
        try (Stream<Path> walk = Files.walk(archive)) {
            files = walk.filter(file -> file.toString().endsWith(".avro")).toList();
        }
        assertThat(files).as("archive files").isNotEmpty();
        int n = 0;
        for (final Path file : files) {
            try (InputStream in = Files.newInputStream(file);
                    DataFileStream<GenericRecord> records = new DataFileStream<>(in, new GenericDatumReader<>());
                    DataFileWriter<GenericRecord> plain = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>())
                            .create(
                                    records.getSchema(),
                                    into.resolve((n++) + ".avro").toFile())) {
                for (final GenericRecord record : records) {
                    plain.append(record);
                }
            }
        }
        return into;
    }
}
