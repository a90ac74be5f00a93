package dev.kes.command.http;

import static dev.kes.command.testing.Responses.assertProblem;
import static dev.kes.command.testing.Responses.body;
import static dev.kes.command.testing.Responses.describe;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kes.command.testing.CommandServiceFixture;
import dev.kes.command.testing.Concurrently;
import dev.kes.command.testing.HttpTestClient;
import dev.kes.command.testing.StoredEvent;
import dev.kes.command.testing.TestServices;
import dev.kes.domain.Account;
import dev.kes.domain.AccountDecider;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Many HTTP requests on one account at once: optimistic concurrency and the single writer per account. */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentCommandsTest {
    @AutoClose
    private CommandServiceFixture app;

    private HttpTestClient http;

    @BeforeAll
    void start(final KafkaTestCluster kafka, @TempDir final Path state) {
        app = CommandServiceFixture.start(kafka, "concurrency", state);
        http = app.http();
    }

    @Test
    void ofTwelveCommandsExpectingTheSameVersionExactlyOneIsApplied() throws Exception {
        TestServices.open(http, "race-1", "100.00");

        final List<HttpResponse<String>> responses = Concurrently.run(
                12,
                i -> http.postJsonUnchecked(
                        "/accounts/race-1/deposits", "{\"amount\":\"" + (i + 1) + ".00\"}", "If-Match", "\"1\""));

        assertThat(responses)
                .extracting(HttpResponse::statusCode)
                .as(describe(responses))
                .containsOnly(200, 409)
                .filteredOn(status -> status == 200)
                .hasSize(1);
        final HttpResponse<String> winner = responses.stream()
                .filter(r -> r.statusCode() == 200)
                .findFirst()
                .orElseThrow();
        assertThat(body(winner).get("version").asLong()).isEqualTo(2);
        for (final HttpResponse<String> loser :
                responses.stream().filter(r -> r.statusCode() == 409).toList()) {
            final JsonNode problem = assertProblem(loser, 409, "version-conflict");
            assertThat(problem.get("currentVersion").asLong()).isEqualTo(2);
        }

        final List<StoredEvent> events = app.events("race-1");
        assertThat(events).extracting(StoredEvent::version).containsExactly(1L, 2L);
        assertThat(events.get(1).causationId())
                .isEqualTo(body(winner).get("commandId").asText());
        assertThat(replay("race-1", events).balance())
                .isEqualByComparingTo(body(winner).get("balance").asText());
    }

    @Test
    void fortyConcurrentDepositsWithoutIfMatchAreAllAppliedInOneGapFreeSequence() throws Exception {
        TestServices.open(http, "crowd-1", "0");
        final List<String> amounts =
                LongStream.range(0, 40).mapToObj(i -> (i + 1) + "." + (10 + i)).toList();

        final List<HttpResponse<String>> responses = Concurrently.run(
                40,
                i -> http.postJsonUnchecked("/accounts/crowd-1/deposits", "{\"amount\":\"" + amounts.get(i) + "\"}"));

        assertThat(responses)
                .extracting(HttpResponse::statusCode)
                .as(describe(responses))
                .containsOnly(200);
        final BigDecimal total = amounts.stream().map(BigDecimal::new).reduce(BigDecimal.ZERO, BigDecimal::add);
        final List<Long> versions =
                responses.stream().map(r -> body(r).get("version").asLong()).toList();
        assertThat(versions)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(
                        LongStream.rangeClosed(2, 41).boxed().toList());
        final HttpResponse<String> last = responses.get(versions.indexOf(41L));
        assertThat(new BigDecimal(body(last).get("balance").asText())).isEqualByComparingTo(total);

        final List<StoredEvent> events = app.events("crowd-1");
        assertThat(events)
                .extracting(StoredEvent::version)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 41).boxed().toList());
        assertThat(events).extracting(StoredEvent::eventId).doesNotHaveDuplicates();
        assertThat(replay("crowd-1", events).balance()).isEqualByComparingTo(total);
    }

    private static Account replay(final String accountId, final List<StoredEvent> events) {
        return AccountDecider.replay(
                accountId, events.stream().map(StoredEvent::event).toList());
    }
}
