package dev.kes.projection.http;

import static dev.kes.projection.topology.TestEvents.deposited;
import static dev.kes.projection.topology.TestEvents.meta;
import static dev.kes.projection.topology.TestEvents.money;
import static dev.kes.projection.topology.TestEvents.opened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.projection.ProjectionService;
import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.kafka.TopicNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
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
 * {@code GET /events/stream} against a real broker: events committed in transactions, as the command service
 * writes them, reach a subscriber within a second; it resumes exactly after {@code Last-Event-ID}; many events
 * across six partitions arrive once each, live and caught up; a subscriber that never reads is dropped without
 * holding up another one or the queries; the limits, the 400s, the heartbeat and the read scope.
 */
@WithKafka
class EventStreamTest {
    private static final String READER = "reader-0123456789abcdef";
    private static final String WRITER = "writer-0123456789abcdef";
    private static final String[] AUTH = {"Authorization", "Bearer " + READER};
    private static final int PARTITIONS = 6;
    private static final int MAX_STREAMS = 3;
    /** Generous, so that a reader that keeps up is not dropped when the test JVM is descheduled for a moment. */
    private static final int QUEUE = 1024;

    private static final int SLOW_DEPOSITS = 3000;
    /** Events sent to the fast reader at a time in the slow-client test: a quarter of its queue. */
    private static final int FAST_BATCH = QUEUE / 4;

    private static final Instant T = Instant.parse("2025-03-01T09:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static KafkaTestCluster kafka;
    private static String topic;
    private static ProjectionService service;
    private static KafkaProducer<String, byte[]> producer;
    private static TestHttp http;

    @BeforeAll
    static void start(final KafkaTestCluster cluster, @TempDir final Path state) {
        kafka = cluster;
        final String prefix = TestNames.unique("event-stream");
        topic = TopicNames.prefixed(prefix).events();
        final Map<String, String> config = TestProjections.config(kafka, prefix, PARTITIONS, state);
        config.put("http.auth.tokens", READER + ":read," + WRITER + ":write");
        config.put("events.stream.max", String.valueOf(MAX_STREAMS));
        config.put("events.stream.heartbeat.ms", "300");
        config.put("events.stream.queue", String.valueOf(QUEUE));
        service = ProjectionService.start(ProjectionServiceConfig.of(config));
        http = new TestHttp(service.httpPort());
        final Map<String, Object> props = kafka.clientProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, prefix + "-tx");
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions();
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aCommittedEventReachesALiveSubscriberWithinASecond() throws Exception {
        try (TestSse stream = connected("/events/stream")) {
            commit(opened("live-1", T, "10"));
            await().atMost(Duration.ofSeconds(1)).until(() -> eventIds(stream).contains("live-1-1"));

            final TestSse.Frame frame = stream.events().get(0);
            assertThat(frame.event()).isEqualTo("AccountOpened");
            final JsonNode data = JSON.readTree(frame.data());
            assertThat(data.get("accountId").asText()).isEqualTo("live-1");
            assertThat(data.get("version").asLong()).isEqualTo(1);
            assertThat(data.get("data").get("initialDeposit").asText()).isEqualTo("10.00");
            assertThat(data.has("partition")).isTrue();
            assertThat(data.has("position")).isFalse(); // the id: carries it
            assertThat(frame.id())
                    .contains(data.get("partition").asInt() + ":"
                            + (data.get("offset").asLong() + 1));
        }
    }

    @Test
    void aSubscriberResumesExactlyAfterItsLastEventId() throws Exception {
        final String start;
        final String lastId;
        try (TestSse first = connected("/events/stream")) {
            start = first.lastEventId();
            commit(opened("resume-1", T, "10"));
            await().atMost(Duration.ofSeconds(10)).until(() -> eventIds(first).contains("resume-1-1"));
            lastId = first.lastEventId();
        }
        commit(deposited("resume-1", 2, T.plusSeconds(1), "1"));
        commit(deposited("resume-1", 3, T.plusSeconds(2), "2"));

        // ?after= is the older start: Last-Event-ID, which an EventSource sends on reconnecting, wins over it
        try (TestSse resumed = TestSse.open(
                service.httpPort(),
                "/events/stream?after=" + encode(start),
                "Last-Event-ID",
                lastId,
                AUTH[0],
                AUTH[1])) {
            assertThat(resumed.response().statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> eventIds(resumed).size() >= 2);
            // whatever else came would come before an event committed after those two
            commit(deposited("resume-1", 4, T.plusSeconds(3), "3"));
            await().atMost(Duration.ofSeconds(10)).until(() -> eventIds(resumed).contains("resume-1-4"));
            assertThat(eventIds(resumed)).containsExactly("resume-1-2", "resume-1-3", "resume-1-4");
        }
    }

    @Test
    void manyEventsAcrossEveryPartitionArriveOnceEachLiveAndCaughtUp() throws Exception {
        final List<SpecificRecord> events = new ArrayList<>();
        IntStream.range(0, 200).forEach(i -> events.add(opened(String.format("many-%03d", i), T, "1")));
        try (TestSse live = connected("/events/stream")) {
            final String start = live.lastEventId();
            TestProducer.produce(kafka, topic, events);
            await().atMost(Duration.ofSeconds(30)).until(() -> eventIds(live).size() >= 200);
            try (TestSse caughtUp = connected("/events/stream?after=" + encode(start))) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> eventIds(caughtUp).size() >= 200);
                commit(opened("many-end", T, "1"));
                for (final TestSse stream : List.of(live, caughtUp)) {
                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> eventIds(stream).contains("many-end-1"));
                    final List<String> ids = eventIds(stream);
                    assertThat(ids).hasSize(201).doesNotHaveDuplicates();
                    assertThat(ids)
                            .containsAll(IntStream.range(0, 200)
                                    .mapToObj(i -> String.format("many-%03d-1", i))
                                    .toList());
                    final Set<Integer> partitions = new HashSet<>();
                    for (final TestSse.Frame frame : stream.events()) {
                        partitions.add(
                                JSON.readTree(frame.data()).get("partition").asInt());
                    }
                    assertThat(partitions).hasSize(PARTITIONS);
                }
            }
        }
    }

    @Test
    void filtersByTypeAndAccount() throws Exception {
        try (TestSse stream = connected("/events/stream?types=MoneyDeposited,AccountClosed&account=filter-1")) {
            commit(opened("filter-1", T, "10"), opened("filter-2", T, "10"));
            commit(deposited("filter-2", 2, T.plusSeconds(1), "1"), deposited("filter-1", 2, T.plusSeconds(1), "1"));
            await().atMost(Duration.ofSeconds(10)).until(() -> eventIds(stream).contains("filter-1-2"));
            assertThat(eventIds(stream)).containsExactly("filter-1-2");
            assertThat(stream.events().get(0).event()).isEqualTo("MoneyDeposited");
        }
    }

    /**
     * A client that never reads: once its TCP buffers are full its stream's writer is stuck, its queue overflows and
     * it is dropped; another subscriber gets every event meanwhile and the queries answer. When the slow client
     * reads at last, its stream ends with a comment telling it to reconnect.
     */
    @Test
    void aSubscriberThatNeverReadsHoldsUpNobody() throws Exception {
        awaitNoStreamOpen();
        final double overflowsBefore = metric("kes_event_streams_overflowed_total");
        try (Socket slow = new Socket();
                TestSse fast = connected("/events/stream")) {
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress("127.0.0.1", service.httpPort()));
            final OutputStream request = slow.getOutputStream();
            request.write(("GET /events/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + READER
                            + "\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            request.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> metric("kes_event_streams_open") == 2);

            // about 24 MB of events: far more than the socket buffers between the server and the slow client
            // (up to 4 MB on Linux) and its queue (8 MB)
            final String description = "x".repeat(8000);
            final List<SpecificRecord> events = new ArrayList<>();
            IntStream.range(0, 20).forEach(i -> events.add(opened("slow-" + i, T, "1")));
            IntStream.range(0, SLOW_DEPOSITS)
                    .forEach(i -> events.add(new MoneyDeposited(
                            "slow-d" + i, "slow-" + (i % 20), 2L + i / 20, T, meta(), money("1"), description, null)));
            // in batches well below the queue, each read by the fast client before the next is sent: the fast client
            // is never a queue behind however slowly this machine runs it, while the slow one never reads at all
            for (int from = 0; from < events.size(); from += FAST_BATCH) {
                final int to = Math.min(events.size(), from + FAST_BATCH);
                TestProducer.produce(kafka, topic, events.subList(from, to));
                // a failure shows whether the fast reader was dropped too (its last comment says why)
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(() -> assertThat(fast.events().size())
                                .as(() -> "fast stream's comments: "
                                        + fast.frames().stream()
                                                .flatMap(frame -> frame.comments().stream())
                                                .filter(c -> !c.equals("keep-alive"))
                                                .toList())
                                .isGreaterThanOrEqualTo(to));
            }
            assertThat(eventIds(fast)).doesNotHaveDuplicates().hasSize(events.size());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> metric("kes_event_streams_overflowed_total") == overflowsBefore + 1);
            assertThat(http.get("/events?limit=1", AUTH).statusCode()).isEqualTo(200);
            assertThat(http.get("/health/live").statusCode()).isEqualTo(200);

            assertThat(readUntil(slow, ": stream ended: fell ")).isTrue();
        }
    }

    @Test
    void beyondTheLimitOfStreamsA503WithRetryAfter() throws Exception {
        awaitNoStreamOpen();
        final List<TestSse> streams = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_STREAMS; i++) {
                streams.add(connected("/events/stream"));
            }
            final HttpResponse<String> refused = http.get("/events/stream", AUTH);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(JSON.readTree(refused.body()).get("type").asText())
                    .isEqualTo(EventStreamHandler.TOO_MANY_STREAMS_TYPE);
        } finally {
            streams.forEach(TestSse::close);
        }
        // the closed streams are noticed at their next heartbeat, and their places are free again
        awaitNoStreamOpen();
        try (TestSse again = connected("/events/stream")) {
            assertThat(again.response().statusCode()).isEqualTo(200);
        }
    }

    @Test
    void badInputIsA400ProblemWithAStableType() throws Exception {
        assertProblem(http.get("/events/stream?after=zzz", AUTH), FeedParams.INVALID_POSITION_TYPE);
        assertProblem(
                http.get("/events/stream", "Last-Event-ID", "0:1,0:2", AUTH[0], AUTH[1]),
                FeedParams.INVALID_POSITION_TYPE);
        assertProblem(http.get("/events/stream?after=" + PARTITIONS + ":0", AUTH), FeedParams.INVALID_POSITION_TYPE);
        assertProblem(http.get("/events/stream?after=0:999999999", AUTH), FeedParams.INVALID_POSITION_TYPE);
        assertProblem(
                http.get("/events/stream?types=MoneyDeposited,MoneyPrinted", AUTH), FeedParams.UNKNOWN_EVENT_TYPE_TYPE);
        assertProblem(http.get("/events/stream?types=", AUTH), FeedParams.UNKNOWN_EVENT_TYPE_TYPE);
        assertProblem(http.get("/events/stream?account=%20bad", AUTH), "urn:kes:problem:invalid-request");
    }

    @Test
    void theStreamNeedsTheReadScope() {
        assertThat(http.get("/events/stream").statusCode()).isEqualTo(401);
        assertThat(http.get("/events/stream", "Authorization", "Bearer " + WRITER)
                        .statusCode())
                .isEqualTo(403);
        assertThat(http.get("/events?limit=1").statusCode()).isEqualTo(401);
    }

    @Test
    void aQuietStreamGetsHeartbeats() {
        try (TestSse stream = connected("/events/stream?account=nobody-ever")) {
            assertThat(stream.frames().get(0).retry()).isEqualTo("3000");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> stream.frames().stream()
                                    .filter(frame -> frame.comments().contains("keep-alive"))
                                    .count()
                            >= 2);
        }
    }

    /** A stream whose first frame (retry and start id) has arrived: from here on it receives what is committed. */
    private static TestSse connected(final String pathAndQuery) {
        final TestSse stream = TestSse.open(service.httpPort(), pathAndQuery, AUTH);
        assertThat(stream.response().statusCode()).isEqualTo(200);
        assertThat(stream.response().headers().firstValue("Content-Type").orElse(""))
                .startsWith("text/event-stream");
        await().atMost(Duration.ofSeconds(10)).until(() -> !stream.frames().isEmpty());
        return stream;
    }

    private static void commit(final SpecificRecord... events) {
        producer.beginTransaction();
        for (final SpecificRecord event : events) {
            final String accountId =
                    event.get(event.getSchema().getField("accountId").pos()).toString();
            producer.send(
                    new ProducerRecord<>(topic, accountId, AvroCodec.shipped().encode(event)));
        }
        producer.commitTransaction();
    }

    private static List<String> eventIds(final TestSse stream) throws IOException {
        final List<String> ids = new ArrayList<>();
        for (final TestSse.Frame frame : stream.events()) {
            ids.add(JSON.readTree(frame.data()).get("eventId").asText());
        }
        return ids;
    }

    private static void awaitNoStreamOpen() {
        await().atMost(Duration.ofSeconds(10)).until(() -> metric("kes_event_streams_open") == 0);
    }

    private static double metric(final String name) {
        final String body = http.get("/metrics", AUTH).body();
        return body.lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(0);
    }

    /** Reads until {@code text} has come (true) or the stream ends or stays silent for 30 s (false). */
    private static boolean readUntil(final Socket socket, final String text) throws IOException {
        socket.setSoTimeout(30_000);
        final InputStream in = socket.getInputStream();
        final StringBuilder window = new StringBuilder();
        final byte[] buffer = new byte[65536];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                window.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                if (window.indexOf(text) >= 0) {
                    return true;
                }
                window.delete(0, Math.max(0, window.length() - text.length()));
            }
        } catch (SocketTimeoutException e) {
            return false;
        }
        return false;
    }

    private static void assertProblem(final HttpResponse<String> response, final String type) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(JSON.readTree(response.body()).get("type").asText()).isEqualTo(type);
    }

    private static String encode(final String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
