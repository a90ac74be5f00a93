package dev.kes.command.http;

import static dev.kes.command.testing.Responses.assertProblem;
import static dev.kes.command.testing.Responses.body;
import static dev.kes.command.testing.Responses.describe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kes.command.CommandMetrics;
import dev.kes.command.CommandService;
import dev.kes.command.testing.AcceptedDeposits;
import dev.kes.command.testing.AcceptedDeposits.Accepted;
import dev.kes.command.testing.HeldResults;
import dev.kes.command.testing.HttpTestClient;
import dev.kes.command.testing.TestServices;
import dev.kes.command.testing.TopicReader;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import dev.kes.service.kafka.TopicNames;
import dev.kes.service.metrics.MetricsScrape;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code http.max.in.flight.commands}: with the bound reached, a command is answered 503 overloaded at once and never
 * reaches Kafka; the commands in flight are applied exactly once; a slot comes back whichever way its command ends.
 * The results are held back (an open transaction on the results topic) until the burst is over, so the first
 * commands to take the slots keep them while every other one arrives.
 */
@WithKafka
class InFlightBoundTest {
    private static final int BOUND = 4;
    private static final int BURST = 200;
    private static final String ACCOUNT = "bound-1";

    @Test
    void aBurstAboveTheBoundIsShedAtOnceAndEveryAcceptedCommandIsAppliedOnce(
            final KafkaTestCluster kafka, @TempDir final Path state) throws Exception {
        final Map<String, String> config = TestServices.config(kafka, "in-flight-bound", state);
        config.put("http.max.in.flight.commands", String.valueOf(BOUND));
        // the held commands wait for the whole burst: they must not time out meanwhile
        config.put("request.timeout.ms", "60000");
        final TopicNames topics = TestServices.topics(config);
        try (CommandService service = TestServices.startReady(config)) {
            final HttpTestClient http = TestServices.http(service);
            TestServices.open(http, ACCOUNT, "0");

            final List<CompletableFuture<HttpResponse<String>>> burst;
            try (HeldResults held = HeldResults.hold(kafka, topics.results())) {
                burst = IntStream.range(0, BURST)
                        .mapToObj(i -> http.postJsonAsync(
                                "/accounts/" + ACCOUNT + "/deposits",
                                "{\"amount\":\"" + AcceptedDeposits.amount(i) + "\"}",
                                "Idempotency-Key",
                                "bound-" + i))
                        .toList();
                await().atMost(Duration.ofSeconds(60))
                        .until(() ->
                                burst.stream().filter(CompletableFuture::isDone).count() >= BURST - BOUND);
                // the commands that took the slots are still waiting for their held results, and nothing else is
                assertThat(burst.stream().filter(CompletableFuture::isDone).count())
                        .isEqualTo(BURST - BOUND);
                assertThat(scrape(http).valueOrZero(CommandMetrics.IN_FLIGHT)).isEqualTo(BOUND);
            }
            final List<HttpResponse<String>> responses = new ArrayList<>();
            for (final CompletableFuture<HttpResponse<String>> response : burst) {
                responses.add(response.get(60, TimeUnit.SECONDS));
            }

            assertThat(responses)
                    .extracting(HttpResponse::statusCode)
                    .as(describe(responses))
                    .containsOnly(200, 503)
                    .filteredOn(status -> status == 200)
                    .hasSize(BOUND);
            final List<Accepted> accepted = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                final HttpResponse<String> response = responses.get(i);
                if (response.statusCode() == 200) {
                    accepted.add(new Accepted(
                            ACCOUNT,
                            "bound-" + i,
                            AcceptedDeposits.amount(i),
                            body(response).get("version").asLong()));
                } else {
                    final JsonNode problem = assertProblem(response, 503, "overloaded");
                    assertThat(problem.get("commandId").asText()).isEqualTo("bound-" + i);
                    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
                }
            }
            AcceptedDeposits.assertStoredExactlyOnce(
                    TopicReader.events(kafka, topics.events()), List.of(ACCOUNT), BigDecimal.ZERO, accepted);
            // a shed command never reached Kafka: the commands topic holds the opening and the accepted deposits
            assertThat(TopicReader.readAll(kafka, topics.commands())).hasSize(1 + BOUND);
            final MetricsScrape metrics = scrape(http);
            assertThat(metrics.valueOrZero(CommandMetrics.SHED, "type", "DepositMoney"))
                    .isEqualTo(BURST - BOUND);
            assertThat(metrics.valueOrZero(CommandMetrics.IN_FLIGHT)).isZero();

            // a rejection gives its slot back too, and the whole bound is free again afterwards
            final HttpResponse<String> rejected =
                    http.postJson("/accounts/" + ACCOUNT + "/withdrawals", "{\"amount\":\"1000000\"}");
            assertProblem(rejected, 422, "insufficient-funds");
            assertThat(scrape(http).valueOrZero(CommandMetrics.IN_FLIGHT)).isZero();
            final List<HttpResponse<String>> after = IntStream.range(0, BOUND)
                    .mapToObj(i -> http.postJsonAsync("/accounts/" + ACCOUNT + "/deposits", "{\"amount\":\"1\"}"))
                    .toList()
                    .stream()
                    .map(CompletableFuture::join)
                    .toList();
            assertThat(after)
                    .extracting(HttpResponse::statusCode)
                    .as(describe(after))
                    .containsOnly(200);
            assertThat(after)
                    .extracting(r -> body(r).get("version").asLong())
                    .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(BOUND + 2, 2 * BOUND + 1)
                            .mapToObj(Long::valueOf)
                            .toList());
        }
    }

    private static MetricsScrape scrape(final HttpTestClient http) throws Exception {
        final HttpResponse<String> response = http.get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return MetricsScrape.parse(response.body());
    }
}
