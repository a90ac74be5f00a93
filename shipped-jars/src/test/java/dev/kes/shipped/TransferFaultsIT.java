package dev.kes.shipped;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 14's fault tests with the shipped jars, each in a JVM of its own against the test cluster: transfers posted
 * from several threads while {@code kill -9} ends the process manager, or the command service, mid-stream, and the
 * killed jar is started again on its state dir. Every accepted transfer is debited once and ends credited or
 * refunded exactly once, the balances add up, and a transfer retried with its Idempotency-Key while the command
 * service was down is applied once.
 */
@WithKafka
class TransferFaultsIT {
    private static final Logger LOG = LoggerFactory.getLogger(TransferFaultsIT.class);
    private static final int ACCOUNTS = 12;
    private static final BigDecimal INITIAL = new BigDecimal("1000.00");
    private static final int TRANSFERS = 300;
    private static final int THREADS = 4;
    private static final String CLOSED = "fault-closed";
    private static final String UNKNOWN = "fault-ghost";
    /** When a kill comes: after this many transfers ended, well before all of them. */
    private static final int KILL_AFTER_ENDED = 60;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void theProcessManagerKilledMidStreamAndRestartedEndsEveryTransferOnce(
            final KafkaTestCluster kafka, @TempDir final Path dir) throws Exception {
        final Stack stack = new Stack(kafka, dir);
        try (JarProcess commands = stack.startCommands();
                JarProcess manager = stack.startManager();
                Posting posting = new Posting(stack.openAccounts(), stack.seed)) {
            final Future<?> posted = posting.start();
            awaitEnded(kafka, stack, KILL_AFTER_ENDED);
            manager.kill();
            final long endedAtKill = TransferLedger.read(kafka, stack.events()).ended();
            assertThat(endedAtKill).as("killed mid-stream").isLessThan(TRANSFERS);
            posted.get(180, TimeUnit.SECONDS);
            assertThat(posting.accepted)
                    .as("transfers accepted while it was down too")
                    .hasSizeGreaterThan((int) endedAtKill);
            try (JarProcess restarted = stack.startManager()) {
                awaitSettled(kafka, stack, posting);
                LOG.info(
                        "transfer manager killed after {} of {} transfers ended, restarted; all settled",
                        endedAtKill,
                        posting.accepted.size());
                assertThat(restarted.isAlive()).as(restarted::log).isTrue();
            }
        }
    }

    @Test
    void theCommandServiceKilledMidStreamAndRestartedEndsEveryTransferOnceAndAppliesARetryOnce(
            final KafkaTestCluster kafka, @TempDir final Path dir) throws Exception {
        final Stack stack = new Stack(kafka, dir);
        final String lastBefore = "fault-last-before-kill";
        try (JarProcess manager = stack.startManager();
                JarProcess commands = stack.startCommands();
                Posting posting = new Posting(stack.openAccounts(), stack.seed)) {
            final Future<?> posted = posting.start();
            awaitEnded(kafka, stack, KILL_AFTER_ENDED);
            // one transfer answered just before the kill, then retried with its key while the service is down
            final HttpResponse<String> first = posting.post(lastBefore, "fault-2", "fault-3", "5.00");
            assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
            commands.kill();
            assertThat(TransferLedger.read(kafka, stack.events()).ended())
                    .as("killed mid-stream")
                    .isLessThan(TRANSFERS);
            final Future<HttpResponse<String>> retry =
                    posting.pool.submit(() -> posting.postUntilAnswered(lastBefore, "fault-2", "fault-3", "5.00"));
            try (JarProcess restarted = stack.startCommands()) {
                final HttpResponse<String> retried = retry.get(180, TimeUnit.SECONDS);
                assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
                assertThat(retried.body()).contains(lastBefore);
                posted.get(180, TimeUnit.SECONDS);
                assertThat(posting.failedAttempts.get())
                        .as("requests that met the outage and were sent again")
                        .isGreaterThan(1);
                posting.accepted.add(lastBefore);
                awaitSettled(kafka, stack, posting);
                assertThat(TransferLedger.read(kafka, stack.events()).debits()).containsEntry(lastBefore, 1);
                LOG.info(
                        "command service killed and restarted: {} requests sent again, all {} transfers settled",
                        posting.failedAttempts.get(),
                        posting.accepted.size());
                assertThat(restarted.isAlive()).as(restarted::log).isTrue();
            }
        }
    }

    private static void awaitEnded(final KafkaTestCluster kafka, final Stack stack, final int ended) {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> TransferLedger.read(kafka, stack.events()).ended() >= ended);
    }

    private static void awaitSettled(final KafkaTestCluster kafka, final Stack stack, final Posting posting) {
        final BigDecimal total = INITIAL.multiply(BigDecimal.valueOf(ACCOUNTS));
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> TransferLedger.read(kafka, stack.events()).assertSettled(posting.accepted, total));
    }

    /** The two jars' environment on the test cluster: topics, application ids and state dirs of this test. */
    private final class Stack {
        private final KafkaTestCluster kafka;
        private final Path dir;
        private final String prefix = TestNames.unique("transfer-fault");
        private final long seed = new Random().nextLong();
        private final int commandPort;
        private final int managerPort;

        Stack(final KafkaTestCluster kafka, final Path dir) throws IOException {
            this.kafka = kafka;
            this.dir = dir;
            this.commandPort = JarProcess.freePort();
            this.managerPort = JarProcess.freePort();
        }

        String events() {
            return ServiceEnv.topic(prefix, "account-events");
        }

        JarProcess startCommands() throws IOException {
            final Map<String, String> env = common("command", commandPort);
            final JarProcess process = JarProcess.start(
                    JarProcess.jar("command-service"), "-Xmx384m", env, dir.resolve("command-service.log"));
            process.awaitReady(commandPort);
            return process;
        }

        JarProcess startManager() throws IOException {
            final Map<String, String> env = common("transfers", managerPort);
            env.put("KES_TOPIC_TRANSFER_DLQ", prefix + ".transfer-manager-dlq");
            final JarProcess process = JarProcess.start(
                    JarProcess.jar("transfer-manager"), "-Xmx256m", env, dir.resolve("transfer-manager.log"));
            process.awaitReady(managerPort);
            return process;
        }

        private Map<String, String> common(final String name, final int port) {
            final Map<String, String> env = ServiceEnv.of(kafka.bootstrapServers(), prefix, dir, name, port);
            // many small transactions, so that a kill lands among them
            env.put("KES_COMMIT_INTERVAL_MS", "20");
            return env;
        }

        /** ACCOUNTS open accounts with INITIAL each, one closed with nothing; the command service's base URL. */
        String openAccounts() throws Exception {
            final String base = "http://127.0.0.1:" + commandPort;
            for (int i = 0; i < ACCOUNTS; i++) {
                assertThat(post(
                                        base + "/accounts",
                                        "{\"accountId\":\"fault-" + i + "\",\"holder\":\"H\"," + "\"initialDeposit\":\""
                                                + INITIAL + "\"}")
                                .statusCode())
                        .isEqualTo(201);
            }
            assertThat(post(
                                    base + "/accounts",
                                    "{\"accountId\":\"" + CLOSED + "\",\"holder\":\"H\"," + "\"initialDeposit\":\"0\"}")
                            .statusCode())
                    .isEqualTo(201);
            assertThat(post(base + "/accounts/" + CLOSED + "/close", "").statusCode())
                    .isEqualTo(200);
            return base;
        }

        private HttpResponse<String> post(final String url, final String json) throws Exception {
            return http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    /**
     * TRANSFERS random transfers from THREADS threads between the open accounts, a tenth to the closed or the
     * unknown account (refunded); a request that gets no answer is sent again with the same Idempotency-Key until
     * one comes, as a client that cannot tell whether its transfer was applied would.
     */
    private final class Posting implements AutoCloseable {
        private final String base;
        private final Random random;
        private final ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        final Set<String> accepted = ConcurrentHashMap.newKeySet();
        final AtomicInteger failedAttempts = new AtomicInteger();

        Posting(final String base, final long seed) {
            this.base = base;
            this.random = new Random(seed);
        }

        Future<?> start() {
            final List<String[]> transfers = new ArrayList<>();
            for (int t = 0; t < TRANSFERS; t++) {
                final String from = "fault-" + random.nextInt(ACCOUNTS);
                String to = random.nextInt(10) == 0
                        ? (random.nextBoolean() ? CLOSED : UNKNOWN)
                        : "fault-" + random.nextInt(ACCOUNTS);
                while (to.equals(from)) {
                    to = "fault-" + random.nextInt(ACCOUNTS);
                }
                transfers.add(new String[] {
                    "fault-t-" + t,
                    from,
                    to,
                    BigDecimal.valueOf(1 + random.nextInt(2_000), 2).toPlainString()
                });
            }
            return pool.submit(() -> {
                final ExecutorService senders = Executors.newFixedThreadPool(THREADS);
                try {
                    final List<Future<?>> answers = new ArrayList<>();
                    for (final String[] t : transfers) {
                        answers.add(senders.submit(() -> {
                            final HttpResponse<String> response = postUntilAnswered(t[0], t[1], t[2], t[3]);
                            assertThat(response.statusCode())
                                    .as(response.body())
                                    .isEqualTo(202);
                            accepted.add(t[0]);
                            return null;
                        }));
                    }
                    for (final Future<?> answer : answers) {
                        answer.get(180, TimeUnit.SECONDS);
                    }
                } finally {
                    senders.shutdownNow();
                }
                return null;
            });
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }

        HttpResponse<String> post(final String transferId, final String from, final String to, final String amount)
                throws IOException, InterruptedException {
            return http.send(
                    HttpRequest.newBuilder(URI.create(base + "/transfers"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .header("Idempotency-Key", transferId)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"fromAccountId\":\"" + from
                                    + "\",\"toAccountId\":\"" + to + "\",\"amount\":\"" + amount + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /**
         * Sends until an answer comes, every 100 ms as a client backs off between retries; no answer (connection
         * refused or reset) or a 5xx: the same key again.
         */
        HttpResponse<String> postUntilAnswered(
                final String transferId, final String from, final String to, final String amount) {
            return await("an answer for " + transferId)
                    .atMost(Duration.ofSeconds(150))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> answerOrNull(transferId, from, to, amount), response -> response != null);
        }

        private HttpResponse<String> answerOrNull(
                final String transferId, final String from, final String to, final String amount)
                throws InterruptedException {
            try {
                final HttpResponse<String> response = post(transferId, from, to, amount);
                if (response.statusCode() < 500) {
                    return response;
                }
            } catch (IOException e) {
                // no answer: the service is down or went down with the request in flight
            }
            failedAttempts.incrementAndGet();
            return null;
        }
    }
}
