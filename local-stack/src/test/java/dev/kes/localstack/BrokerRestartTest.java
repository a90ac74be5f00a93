package dev.kes.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.command.testing.AcceptedDeposits;
import dev.kes.command.testing.AcceptedDeposits.Accepted;
import dev.kes.command.testing.OwnCluster;
import dev.kes.command.testing.TopicReader;
import dev.kes.schemas.registry.Codecs;
import dev.kes.service.kafka.TopicNames;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack's broker is stopped and started again (same data dir, same ports) while deposits stream in over
 * HTTP. Nobody touches the services: they reconnect by themselves. Every deposit answered 2xx is stored exactly once;
 * every one left without an answer (503, 504, no response) during the outage, retried afterwards with its
 * Idempotency-Key, is stored exactly once too; new deposits succeed after the restart; the projection ends on the
 * same balances.
 */
class BrokerRestartTest {
    private static final int ACCOUNTS = 4;
    private static final int SENDERS = 4;
    private static final BigDecimal INITIAL = new BigDecimal("100.00");
    /** Accepted before the outage, and again after it: the traffic flows both times. */
    private static final int ACCEPTED_EACH_SIDE = 20;

    private static final Duration AWAIT = Duration.ofSeconds(60);

    private record Deposit(String accountId, String commandId, BigDecimal amount) {}

    private final ObjectMapper json = new ObjectMapper();
    private final List<Accepted> accepted = Collections.synchronizedList(new ArrayList<>());
    private final List<Deposit> unanswered = Collections.synchronizedList(new ArrayList<>());
    private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger acceptedAfterRestart = new AtomicInteger();
    private final AtomicBoolean restarted = new AtomicBoolean();

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void servicesResumeByThemselvesAndNothingIsLostOrDoubled(@TempDir final Path dataDir) throws Exception {
        try (LocalStack stack = LocalStack.start(new LocalStackOptions(dataDir, FreePorts.kafkaPort(), 0, 0, 0))) {
            final HttpTestClient commands = new HttpTestClient(stack.commandPort());
            final HttpTestClient queries = new HttpTestClient(stack.queryPort());
            await().atMost(AWAIT).ignoreExceptions().untilAsserted(() -> {
                assertThat(commands.get("/health/ready").statusCode()).isEqualTo(200);
                assertThat(queries.get("/health/ready").statusCode()).isEqualTo(200);
            });
            final List<String> accounts =
                    IntStream.range(0, ACCOUNTS).mapToObj(i -> "restart-" + i).toList();
            for (final String account : accounts) {
                assertThat(commands.postJson(
                                        "/accounts",
                                        "{\"accountId\":\"" + account + "\",\"holder\":\"Ada\",\"initialDeposit\":\""
                                                + INITIAL + "\"}")
                                .statusCode())
                        .isEqualTo(201);
            }

            final AtomicBoolean sending = new AtomicBoolean(true);
            final ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
            final List<Future<?>> senders = new ArrayList<>();
            try {
                final AtomicInteger next = new AtomicInteger();
                for (int s = 0; s < SENDERS; s++) {
                    senders.add(pool.submit(() -> {
                        while (sending.get()) {
                            final int i = next.getAndIncrement();
                            sendOnce(
                                    commands,
                                    new Deposit(
                                            accounts.get(i % ACCOUNTS),
                                            "restart-dep-" + i,
                                            AcceptedDeposits.amount(i)));
                        }
                    }));
                }
                await().atMost(AWAIT).until(() -> accepted.size() >= ACCEPTED_EACH_SIDE);
                stack.stopBroker();
                // the outage lasts until requests have gone unanswered, whatever the machine's speed
                await().atMost(AWAIT).until(() -> unanswered.size() >= SENDERS);
                stack.startBroker();
                restarted.set(true);
                await().atMost(AWAIT)
                        .untilAsserted(() -> assertThat(acceptedAfterRestart.get())
                                .as("deposits sent and accepted after the restart")
                                .isGreaterThanOrEqualTo(ACCEPTED_EACH_SIDE));
            } finally {
                sending.set(false);
                for (final Future<?> sender : senders) {
                    sender.get(60, TimeUnit.SECONDS);
                }
                pool.shutdownNow();
            }
            assertThat(unexpected).isEmpty();

            final List<Accepted> all = new ArrayList<>(accepted);
            for (final Deposit deposit : List.copyOf(unanswered)) {
                final Accepted[] outcome = new Accepted[1];
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> (outcome[0] = attempt(commands, deposit)) != null);
                all.add(outcome[0]);
            }
            AcceptedDeposits.assertStoredExactlyOnce(
                    TopicReader.events(
                            new OwnCluster(stack.kafka()),
                            TopicNames.EVENTS,
                            Codecs.forReading(stack.registryUrl()
                                    .map(url -> Map.of(Codecs.URL, url))
                                    .orElse(Map.of()))),
                    accounts,
                    INITIAL,
                    all);
            assertProjectionCatchesUp(queries, accounts, all);
        }
    }

    /** One attempt; a 2xx is accepted, a 503, 504 or no answer is left for a retry, anything else is a failure. */
    private void sendOnce(final HttpTestClient commands, final Deposit deposit) {
        final boolean afterRestart = restarted.get();
        final Accepted outcome = attempt(commands, deposit);
        if (outcome != null) {
            accepted.add(outcome);
            if (afterRestart) {
                acceptedAfterRestart.incrementAndGet();
            }
        } else {
            unanswered.add(deposit);
        }
    }

    /** The accepted deposit, or null when the service gave no outcome (503, 504, no answer). */
    private Accepted attempt(final HttpTestClient commands, final Deposit deposit) {
        try {
            final HttpResponse<String> response = commands.postJson(
                    "/accounts/" + deposit.accountId() + "/deposits",
                    "{\"amount\":\"" + deposit.amount() + "\"}",
                    "Idempotency-Key",
                    deposit.commandId());
            if (response.statusCode() / 100 == 2) {
                final JsonNode body = json.readTree(response.body());
                return new Accepted(
                        deposit.accountId(),
                        body.get("commandId").asText(),
                        deposit.amount(),
                        body.get("version").asLong());
            }
            if (response.statusCode() != 503 && response.statusCode() != 504) {
                unexpected.add(deposit.commandId() + ": " + response.statusCode() + " " + response.body());
            }
            return null;
        } catch (UncheckedIOException e) {
            return null; // no answer: the outcome is unknown, like a 504
        } catch (JsonProcessingException e) {
            throw new AssertionError(deposit.commandId() + ": a 2xx without a JSON body", e);
        }
    }

    private void assertProjectionCatchesUp(
            final HttpTestClient queries, final List<String> accounts, final List<Accepted> all) {
        final Map<String, List<Accepted>> byAccount = all.stream().collect(Collectors.groupingBy(Accepted::accountId));
        for (final String account : accounts) {
            final List<Accepted> deposits = byAccount.getOrDefault(account, List.of());
            final BigDecimal balance = deposits.stream().map(Accepted::amount).reduce(INITIAL, BigDecimal::add);
            await().atMost(AWAIT).ignoreExceptions().untilAsserted(() -> {
                final JsonNode view =
                        json.readTree(queries.get("/accounts/" + account).body());
                assertThat(view.get("version").asLong()).as(account).isEqualTo(deposits.size() + 1L);
                assertThat(new BigDecimal(view.get("balance").asText()))
                        .as(account)
                        .isEqualByComparingTo(balance);
            });
        }
    }
}
