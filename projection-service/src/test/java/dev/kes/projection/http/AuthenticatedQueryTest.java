package dev.kes.projection.http;

import static dev.kes.projection.topology.TestEvents.opened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.projection.ProjectionService;
import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.service.kafka.TopicNames;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two projection instances with bearer tokens on: queries need a {@code read} token, also for {@code /metrics};
 * health stays open; an account owned by the other instance is still answered, because the forwarded request carries
 * the caller's token.
 */
@WithKafka
class AuthenticatedQueryTest {
    private static final String READER = "reader-0123456789abcdef";
    private static final String WRITER = "writer-0123456789abcdef";
    private static final int PARTITIONS = 4;
    private static final int ACCOUNTS = 12;

    @Test
    void readTokensAreCheckedHereAndForwardedToTheOwner(final KafkaTestCluster kafka, @TempDir final Path state)
            throws Exception {
        final String prefix = TestNames.unique("auth-query");
        final TopicNames topics = TopicNames.prefixed(prefix);
        final List<ProjectionService> services = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                services.add(ProjectionService.start(
                        ProjectionServiceConfig.of(config(kafka, prefix, state.resolve("instance-" + i)))));
            }
            final List<SpecificRecord> events = new ArrayList<>();
            IntStream.range(0, ACCOUNTS)
                    .forEach(i -> events.add(opened(account(i), Instant.parse("2025-01-01T00:00:00Z"), "10")));
            TestProducer.produce(kafka, topics.events(), events);

            final ProjectionService asked = services.get(0);
            final String other = "127.0.0.1:" + services.get(1).httpPort();
            // an account whose partition the other instance runs, once the two have shared the partitions out
            final String remote = await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> services.stream().allMatch(service -> service.state() == KafkaStreams.State.RUNNING)
                                    ? IntStream.range(0, ACCOUNTS)
                                            .mapToObj(AuthenticatedQueryTest::account)
                                            .filter(id -> other.equals(activeOf(asked, id)))
                                            .findFirst()
                                            .orElse(null)
                                    : null,
                            id -> id != null);
            final TestHttp http = new TestHttp(asked.httpPort());

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                final HttpResponse<String> answer =
                        http.get("/accounts/" + remote, "Authorization", "Bearer " + READER);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                assertThat(answer.headers().firstValue(AccountRouting.SERVED_BY_HEADER))
                        .hasValue(other);
            });

            final HttpResponse<String> anonymous = http.get("/accounts/" + remote);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"kes\"");
            assertThat(anonymous.headers().firstValue("Content-Type").orElse(""))
                    .startsWith("application/problem+json");
            assertThat(http.get("/accounts/" + remote, "Authorization", "Bearer " + WRITER)
                            .statusCode())
                    .isEqualTo(403);
            assertThat(http.get("/accounts/" + remote, "Authorization", "Bearer not-a-known-token-at-all")
                            .statusCode())
                    .isEqualTo(401);

            assertThat(http.get("/metrics").statusCode()).isEqualTo(401);
            assertThat(http.get("/metrics", "Authorization", "Bearer " + READER).statusCode())
                    .isEqualTo(200);
            assertThat(http.get("/health/live").statusCode()).isEqualTo(200);
            assertThat(http.get("/health/ready").statusCode()).isEqualTo(200);
        } finally {
            services.forEach(ProjectionService::close);
        }
    }

    private static String activeOf(final ProjectionService service, final String accountId) {
        try {
            return service.placement(accountId).active();
        } catch (RuntimeException e) {
            return null; // not known yet (rebalancing)
        }
    }

    private static Map<String, String> config(final KafkaTestCluster kafka, final String prefix, final Path state) {
        final Map<String, String> config = TestProjections.config(kafka, prefix, PARTITIONS, state);
        config.put("http.auth.tokens", READER + ":read," + WRITER + ":write");
        // a joining instance takes over active tasks at once, no warm-up rounds
        config.put("streams.acceptable.recovery.lag", "10000");
        return config;
    }

    private static String account(final int i) {
        return String.format("auth-%02d", i);
    }
}
