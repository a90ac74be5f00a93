package dev.kes.projection.http;

import static dev.kes.projection.topology.TestEvents.deposited;
import static dev.kes.projection.topology.TestEvents.opened;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.projection.ProjectionService;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.kafka.TopicNames;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /events} against a real broker: paging from any position covers every committed event of every
 * partition exactly once, in each partition's (and so each account's) order, aborted transactions never show, each
 * event's own position resumes right after it, an empty page keeps the position; bad input is a 400.
 */
@WithKafka
class EventFeedTest {
    private static final int PARTITIONS = 6;
    private static final Instant T = Instant.parse("2025-04-01T08:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static KafkaTestCluster kafka;
    private static String topic;
    private static String prefix;
    private static ProjectionService service;
    private static TestHttp http;

    @BeforeAll
    static void start(final KafkaTestCluster cluster, @TempDir final Path state) {
        kafka = cluster;
        prefix = TestNames.unique("event-feed");
        topic = TopicNames.prefixed(prefix).events();
        service = TestProjections.start(kafka, prefix, PARTITIONS, state);
        http = new TestHttp(service.httpPort());
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void pagesCoverEveryCommittedEventExactlyOnceInEachPartitionsOrder() throws Exception {
        final String before = pageThrough("", 1000).position();

        // 40 accounts of 6 events each: plain writes, committed transactions and one aborted transaction between
        final List<SpecificRecord> plain = new ArrayList<>();
        final List<SpecificRecord> transactional = new ArrayList<>();
        for (int a = 0; a < 40; a++) {
            final String id = String.format("page-%02d", a);
            plain.add(opened(id, T, "10"));
            plain.add(deposited(id, 2, T.plusSeconds(1), "1"));
            for (int v = 3; v <= 6; v++) {
                transactional.add(deposited(id, v, T.plusSeconds(v), "1"));
            }
        }
        TestProducer.produce(kafka, topic, plain);
        final Map<String, Object> props = kafka.clientProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, prefix + "-tx");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            for (int i = 0; i < transactional.size(); i += 20) {
                producer.beginTransaction();
                transactional.subList(i, i + 20).forEach(event -> send(producer, event));
                producer.commitTransaction();
                if (i == 60) {
                    producer.beginTransaction();
                    send(producer, deposited("page-aborted", 1, T, "999"));
                    producer.flush();
                    producer.abortTransaction();
                }
            }
        }

        final Pages pages = pageThrough(before, 7);
        final List<JsonNode> events = pages.events();
        assertThat(events).hasSize(240);
        assertThat(events.stream().map(e -> e.get("eventId").asText()).toList())
                .doesNotHaveDuplicates()
                .doesNotContain("page-aborted-1");
        final Map<Integer, Long> lastOffset = new HashMap<>();
        final Map<String, Long> lastVersion = new HashMap<>();
        for (final JsonNode event : events) {
            final long offset = event.get("offset").asLong();
            assertThat(offset)
                    .isGreaterThan(
                            lastOffset.getOrDefault(event.get("partition").asInt(), -1L));
            lastOffset.put(event.get("partition").asInt(), offset);
            final String account = event.get("accountId").asText();
            assertThat(event.get("version").asLong()).isEqualTo(lastVersion.getOrDefault(account, 0L) + 1);
            lastVersion.put(account, event.get("version").asLong());
        }
        assertThat(lastOffset).hasSize(PARTITIONS);
        assertThat(events.get(0).get("type").asText()).isIn("AccountOpened", "MoneyDeposited");
        assertThat(events.get(0).get("data").isObject()).isTrue();

        // an event's own position resumes right after it: the rest of the feed, nothing before
        final JsonNode middle = events.get(100);
        final List<JsonNode> rest =
                pageThrough(middle.get("position").asText(), 1000).events();
        assertThat(rest).hasSize(139);
        final List<String> expected = new ArrayList<>();
        for (final JsonNode event : events.subList(101, 240)) {
            expected.add(event.get("eventId").asText());
        }
        assertThat(rest.stream().map(e -> e.get("eventId").asText()).toList())
                .containsExactlyInAnyOrderElementsOf(expected);

        // at the end: an empty page with the same position
        final JsonNode empty = get("/events?after=" + encode(pages.position()));
        assertThat(empty.get("events")).isEmpty();
        assertThat(empty.get("position").asText()).isEqualTo(pages.position());
    }

    @Test
    void badInputIsA400ProblemWithAStableType() throws IOException {
        assertProblem("/events?after=not-a-position", FeedParams.INVALID_POSITION_TYPE);
        assertProblem("/events?after=0:-1", FeedParams.INVALID_POSITION_TYPE);
        assertProblem("/events?after=" + PARTITIONS + ":0", FeedParams.INVALID_POSITION_TYPE);
        assertProblem("/events?after=0:123456789", FeedParams.INVALID_POSITION_TYPE);
        assertProblem("/events?limit=0", "urn:kes:problem:invalid-request");
        assertProblem("/events?limit=1001", "urn:kes:problem:invalid-request");
        assertProblem("/events?limit=ten", "urn:kes:problem:invalid-request");
    }

    private record Pages(List<JsonNode> events, String position) {}

    /** Every page from {@code after} until an empty one. */
    private static Pages pageThrough(final String after, final int limit) throws IOException {
        final List<JsonNode> events = new ArrayList<>();
        String position = after;
        while (true) {
            final JsonNode page = get("/events?limit=" + limit + "&after=" + encode(position));
            assertThat(page.get("events").size()).isLessThanOrEqualTo(limit);
            page.get("events").forEach(events::add);
            final String next = page.get("position").asText();
            if (page.get("events").isEmpty()) {
                return new Pages(events, next);
            }
            position = next;
        }
    }

    private static JsonNode get(final String pathAndQuery) throws IOException {
        final HttpResponse<String> response = http.get(pathAndQuery);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static void assertProblem(final String pathAndQuery, final String type) throws IOException {
        final HttpResponse<String> response = http.get(pathAndQuery);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(JSON.readTree(response.body()).get("type").asText()).isEqualTo(type);
    }

    private static void send(final KafkaProducer<String, byte[]> producer, final SpecificRecord event) {
        final String accountId =
                event.get(event.getSchema().getField("accountId").pos()).toString();
        producer.send(new ProducerRecord<>(topic, accountId, AvroCodec.shipped().encode(event)));
    }

    private static String encode(final String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
