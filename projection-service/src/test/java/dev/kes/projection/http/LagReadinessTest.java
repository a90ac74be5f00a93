package dev.kes.projection.http;

import static dev.kes.projection.topology.TestEvents.deposited;
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
import dev.kes.projection.topology.StoreNames;
import dev.kes.service.kafka.TopicNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An instance that starts 100 000 events behind answers 503 on {@code /health/ready}, with its lag as the reason,
 * until it has caught up; {@code GET /projection/status} then agrees: no lag, every event applied to every account
 * read model. Started again on an empty state directory, it answers 503 while its stores are restored.
 */
@WithKafka
class LagReadinessTest {
    private static final int ACCOUNTS = 1_000;
    private static final int EVENTS_PER_ACCOUNT = 100;
    private static final int EVENTS = ACCOUNTS * EVENTS_PER_ACCOUNT;
    private static final int PARTITIONS = 3;
    private static final Duration CATCH_UP = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void notReadyUntilCaughtUpThenNotReadyWhileRestoring(
            final KafkaTestCluster kafka, @TempDir final Path state, @TempDir final Path emptyState) throws Exception {
        final String prefix = TestNames.unique("lag-readiness");
        final String topic = TopicNames.prefixed(prefix).events();
        kafka.createTopic(
                topic, PARTITIONS, Map.of("cleanup.policy", "delete", "retention.ms", "-1", "retention.bytes", "-1"));
        TestProducer.produce(kafka, topic, history());

        final Map<String, String> config = TestProjections.config(kafka, prefix, PARTITIONS, state);
        config.put("projection.ready.max.lag", "0");
        final List<String> reasons = new CopyOnWriteArrayList<>();
        try (ProjectionService service = ProjectionService.start(ProjectionServiceConfig.of(config))) {
            final TestHttp api = new TestHttp(service.httpPort());
            awaitReady(api, reasons);
            assertThat(reasons)
                    .as("503 reasons seen before ready")
                    .anySatisfy(reason -> assertThat(reason).matches("lag [1-9][0-9]* > 0 records"));

            final JsonNode status = json(api.get("/projection/status"));
            assertThat(status.get("applicationId").asText()).isEqualTo(prefix);
            assertThat(status.get("state").asText()).isEqualTo("RUNNING");
            assertThat(status.get("ready").asBoolean()).isTrue();
            assertThat(status.has("reason")).isFalse();
            assertThat(status.get("maxLag").asLong()).isZero();
            assertThat(status.get("lag").asLong()).isZero();
            assertThat(status.get("partitions")).hasSize(PARTITIONS).allSatisfy(partition -> {
                assertThat(partition.get("role").asText()).isEqualTo("active");
                assertThat(partition.get("lag").asLong()).isZero();
                assertThat(partition.get("restoring").asBoolean()).isFalse();
            });
            for (final String view :
                    List.of(StoreNames.BALANCES, StoreNames.MONTHLY_SNAPSHOTS, StoreNames.EVENT_INDEX)) {
                assertThat(status.get("appliedEvents").get(view).asLong())
                        .as("events applied to " + view)
                        .isEqualTo(EVENTS);
            }
        }

        // the same group, caught up, but no local state: the stores come back from their changelogs first
        config.put("state.dir", emptyState.toString());
        // one record batch per fetch: the restoration lasts long enough to be seen by a probe every 50 ms
        config.put("streams.restore.consumer.fetch.max.bytes", "1");
        config.put("streams.restore.consumer.max.partition.fetch.bytes", "1");
        reasons.clear();
        try (ProjectionService service = ProjectionService.start(ProjectionServiceConfig.of(config))) {
            final TestHttp api = new TestHttp(service.httpPort());
            awaitReady(api, reasons);
            assertThat(reasons)
                    .as("503 reasons seen before ready")
                    .anySatisfy(reason -> assertThat(reason)
                            .matches("restoring " + Pattern.quote(prefix)
                                    + "-[a-z-]+-changelog partition [0-9]+ \\([0-9]+ of [0-9]+ records\\).*"));
            final JsonNode status = json(api.get("/projection/status"));
            assertThat(status.get("ready").asBoolean()).isTrue();
            assertThat(status.get("lag").asLong()).isZero();
            assertThat(status.get("partitions"))
                    .allSatisfy(partition ->
                            assertThat(partition.get("restoring").asBoolean()).isFalse());
        }
    }

    /** Polls {@code /health/ready} until 200, keeping the reason of every 503 on the way. */
    private static void awaitReady(final TestHttp api, final List<String> reasons) {
        await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(50)).until(() -> {
            final HttpResponse<String> ready = api.get("/health/ready");
            if (ready.statusCode() == 503) {
                reasons.add(json(ready).get("reason").asText());
            }
            return ready.statusCode() == 200;
        });
    }

    private static JsonNode json(final HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each account opened, then deposits: 100 events per account, each in its own UTC day. */
    private static List<SpecificRecord> history() {
        final Instant start = Instant.parse("2025-01-01T00:00:00Z");
        final List<SpecificRecord> events = new ArrayList<>(EVENTS);
        for (int a = 0; a < ACCOUNTS; a++) {
            final String id = "acc-" + a;
            events.add(opened(id, start, "1.00"));
            for (int v = 2; v <= EVENTS_PER_ACCOUNT; v++) {
                events.add(deposited(id, v, start.plus(Duration.ofDays(v)), "1.00"));
            }
        }
        return events;
    }
}
