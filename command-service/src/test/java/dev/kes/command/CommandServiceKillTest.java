package dev.kes.command;

import static dev.kes.command.testing.Responses.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kes.command.testing.AcceptedDeposits;
import dev.kes.command.testing.AcceptedDeposits.Accepted;
import dev.kes.command.testing.ChildService;
import dev.kes.command.testing.HttpTestClient;
import dev.kes.command.testing.Senders;
import dev.kes.command.testing.TestServices;
import dev.kes.command.testing.TopicReader;
import dev.kes.kafka.test.ChildJvm;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import dev.kes.service.kafka.TopicNames;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a command-service process (a child JVM running {@link CommandServiceMain}) while deposits
 * stream in; a new process on the same state dir takes over. Every command a client saw accepted is stored exactly
 * once, and every command left unanswered, retried with its Idempotency-Key until accepted, is stored exactly once
 * too: none is lost, none applied twice.
 */
@WithKafka
class CommandServiceKillTest {
    private static final int ACCOUNTS = 5;
    private static final int COMMANDS = 120;
    private static final int SENDERS = 4;
    private static final BigDecimal INITIAL = new BigDecimal("100.00");

    private record Deposit(int i, String accountId, String commandId, BigDecimal amount) {}

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void unansweredCommandsRetriedAfterAKillAreAppliedExactlyOnce(
            final KafkaTestCluster kafka, @TempDir final Path state) throws Exception {
        final Map<String, String> config = TestServices.config(kafka, "kill-9", state.resolve("streams"));
        final TopicNames topics = TestServices.topics(config);
        final int port = ChildJvm.freePort();
        final HttpTestClient http = new HttpTestClient(port);
        final List<String> accounts =
                IntStream.range(0, ACCOUNTS).mapToObj(i -> "k9-acc-" + i).toList();
        final List<Deposit> deposits = IntStream.range(0, COMMANDS)
                .mapToObj(i -> new Deposit(i, accounts.get(i % ACCOUNTS), "k9-" + i, AcceptedDeposits.amount(i)))
                .toList();
        final List<Accepted> accepted = Collections.synchronizedList(new ArrayList<>());
        final List<Deposit> unanswered = Collections.synchronizedList(new ArrayList<>());

        Process first = start(config, port, state.resolve("first.log"));
        Process second = null;
        try {
            ChildService.awaitReady(http, first, state.resolve("first.log"), Duration.ofSeconds(60));
            accounts.forEach(account -> TestServices.open(http, account, INITIAL.toPlainString()));

            final CountDownLatch thirdAccepted = new CountDownLatch(COMMANDS / 3);
            try (Senders senders = Senders.start(SENDERS, COMMANDS, i -> {
                final Deposit deposit = deposits.get(i);
                final Accepted outcome = sendOnce(http, deposit);
                if (outcome == null) {
                    unanswered.add(deposit);
                } else {
                    accepted.add(outcome);
                    thirdAccepted.countDown();
                }
            })) {
                assertThat(thirdAccepted.await(60, TimeUnit.SECONDS))
                        .as("a third accepted")
                        .isTrue();
                first.destroyForcibly();
                assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
                senders.await(Duration.ofSeconds(60));
            }
            final int acceptedBeforeTheKill = accepted.size();
            assertThat(unanswered).as("commands sent after the kill").isNotEmpty();

            second = start(config, port, state.resolve("second.log"));
            ChildService.awaitReady(http, second, state.resolve("second.log"), Duration.ofSeconds(60));
            final List<Accepted> retried = new ArrayList<>();
            for (final Deposit deposit : unanswered) {
                final Accepted[] outcome = new Accepted[1];
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> {
                            outcome[0] = sendOnce(http, deposit);
                            return outcome[0] != null;
                        });
                retried.add(outcome[0]);
            }

            final List<Accepted> all = new ArrayList<>(accepted);
            all.addAll(retried);
            assertThat(acceptedBeforeTheKill + retried.size()).isEqualTo(COMMANDS);
            assertThat(all)
                    .extracting(Accepted::commandId)
                    .containsExactlyInAnyOrderElementsOf(
                            deposits.stream().map(Deposit::commandId).toList());
            AcceptedDeposits.assertStoredExactlyOnce(
                    TopicReader.events(kafka, topics.events()), accounts, INITIAL, all);
        } finally {
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            if (second != null) {
                second.destroy();
                if (!second.waitFor(30, TimeUnit.SECONDS)) {
                    second.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** One attempt: the accepted deposit, or null when the service did not accept it (down, 503, 504). */
    private static Accepted sendOnce(final HttpTestClient http, final Deposit deposit) {
        try {
            final HttpResponse<String> response = http.postJson(
                    "/accounts/" + deposit.accountId() + "/deposits",
                    "{\"amount\":\"" + deposit.amount() + "\"}",
                    "Idempotency-Key",
                    deposit.commandId());
            if (response.statusCode() / 100 == 2) {
                final JsonNode result = body(response);
                return new Accepted(
                        deposit.accountId(),
                        result.get("commandId").asText(),
                        deposit.amount(),
                        result.get("version").asLong());
            }
            assertThat(response.statusCode())
                    .as(deposit.commandId() + ": " + response.body())
                    .isIn(503, 504);
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Process start(final Map<String, String> config, final int port, final Path log) throws IOException {
        final Map<String, String> child = new HashMap<>(config);
        child.put("http.port", String.valueOf(port));
        child.put("request.timeout.ms", "5000");
        return ChildJvm.start(CommandServiceMain.class, child, log);
    }
}
