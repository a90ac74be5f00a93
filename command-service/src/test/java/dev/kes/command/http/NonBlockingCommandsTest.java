package dev.kes.command.http;

import static dev.kes.command.testing.Responses.body;
import static dev.kes.command.testing.Responses.describe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.client.command.CommandClient;
import dev.kes.command.CommandMetrics;
import dev.kes.command.testing.AcceptedDeposits;
import dev.kes.command.testing.AcceptedDeposits.Accepted;
import dev.kes.command.testing.CommandServiceFixture;
import dev.kes.command.testing.HeldResults;
import dev.kes.command.testing.HttpTestClient;
import dev.kes.command.testing.TestServices;
import dev.kes.command.testing.TopicReader;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import dev.kes.service.http.HttpOptions;
import dev.kes.service.http.HttpServer;
import dev.kes.service.http.Json;
import dev.kes.service.personal.PersonalData;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HTTP command holds no Jetty thread while it waits for its result: behind a Jetty pool of 8 threads, 3 times as
 * many commands are in flight at once (their results held back until all of them are in Kafka), and every one is
 * answered and applied once. A handler that waited for its result would keep the others queued in Jetty.
 *
 * <p>A command service runs the processor; the commands come through an HTTP front of the same routes, whose Jetty
 * pool the test sizes.
 */
@WithKafka
class NonBlockingCommandsTest {
    private static final int JETTY_THREADS = 8;
    private static final int COMMANDS = 3 * JETTY_THREADS;
    private static final String ACCOUNT = "non-blocking-1";

    @Test
    void moreCommandsThanJettyThreadsAreInFlightAtOnceAndAllAnswered(
            final KafkaTestCluster kafka, @TempDir final Path state) throws Exception {
        final ObjectMapper mapper = Json.mapper();
        final CommandMetrics metrics = CommandMetrics.unexposed();
        try (CommandServiceFixture app = CommandServiceFixture.start(kafka, "non-blocking", state);
                CommandGateway gateway = new CommandGateway(
                        CommandClient.builder()
                                .kafka(kafka.clientProperties())
                                .topics(app.topics().commands(), app.topics().results())
                                .timeout(Duration.ofSeconds(60))
                                .build(),
                        1_000,
                        metrics);
                HttpServer front = HttpServer.start(
                        HttpOptions.of("127.0.0.1", 0).withMaxThreads(JETTY_THREADS),
                        mapper,
                        () -> gateway.isReady() ? null : "result listener not positioned yet",
                        () -> "",
                        routes -> CommandRoutes.register(routes, gateway, mapper, metrics, PersonalData.NONE))) {
            TestServices.open(app.http(), ACCOUNT, "0");
            final HttpTestClient http = new HttpTestClient(front.port());
            await().atMost(Duration.ofSeconds(30)).until(gateway::isReady);

            final List<CompletableFuture<HttpResponse<String>>> sent;
            try (HeldResults held = HeldResults.hold(kafka, app.topics().results())) {
                sent = IntStream.range(0, COMMANDS)
                        .mapToObj(i -> http.postJsonAsync(
                                "/accounts/" + ACCOUNT + "/deposits",
                                "{\"amount\":\"" + AcceptedDeposits.amount(i) + "\"}",
                                "Idempotency-Key",
                                "non-blocking-" + i))
                        .toList();
                // each one submitted to Kafka, and all of them awaiting their results together
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(gateway.inFlight()).isEqualTo(COMMANDS));
                assertThat(TopicReader.readAll(kafka, app.topics().commands())).hasSize(1 + COMMANDS);
                assertThat(sent).noneMatch(CompletableFuture::isDone);
            }
            final List<HttpResponse<String>> responses = new ArrayList<>();
            for (final CompletableFuture<HttpResponse<String>> response : sent) {
                responses.add(response.get(60, TimeUnit.SECONDS));
            }

            assertThat(responses)
                    .extracting(HttpResponse::statusCode)
                    .as(describe(responses))
                    .containsOnly(200);
            final List<Accepted> accepted = IntStream.range(0, COMMANDS)
                    .mapToObj(i -> new Accepted(
                            ACCOUNT,
                            "non-blocking-" + i,
                            AcceptedDeposits.amount(i),
                            body(responses.get(i)).get("version").asLong()))
                    .toList();
            AcceptedDeposits.assertStoredExactlyOnce(app.events(), List.of(ACCOUNT), BigDecimal.ZERO, accepted);
            assertThat(responses)
                    .allSatisfy(r -> assertThat(r.headers().firstValue("ETag"))
                            .hasValue("\"" + body(r).get("version").asLong() + "\""));
            assertThat(gateway.inFlight()).isZero();
        }
    }
}
