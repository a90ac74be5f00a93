package dev.kes.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.command.testing.StoredEvent;
import dev.kes.command.testing.TopicReader;
import dev.kes.domain.Account;
import dev.kes.domain.AccountDecider;
import dev.kes.domain.AccountEvent;
import dev.kes.domain.AccountEvent.AccountOpened;
import dev.kes.domain.AccountEvent.TransferCredited;
import dev.kes.domain.AccountEvent.TransferDebited;
import dev.kes.domain.AccountEvent.TransferRefunded;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.transfer.TransferManager;
import dev.kes.transfer.TransferManagerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 14's conservation test, the whole stack in this JVM (command service, process manager, real broker):
 * 30 accounts, 1 000 random transfers posted from several threads at once, some overdrawing, some to a closed or an
 * unknown account. Every accepted transfer ends credited or refunded exactly once, nothing else is debited, the
 * sum of all balances is what it was, and every account's versions run 1..n without a gap.
 */
@WithKafka
class TransferConservationTest {
    private static final Logger LOG = LoggerFactory.getLogger(TransferConservationTest.class);
    private static final int ACCOUNTS = 30;
    private static final int CLOSED = 2;
    private static final int TRANSFERS = 1_000;
    private static final int THREADS = 8;
    private static final List<String> UNKNOWN = List.of("cons-ghost-1", "cons-ghost-2");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyAcceptedTransferEndsOnceAndNoMoneyIsCreatedOrDestroyed(
            final KafkaTestCluster kafka, @TempDir final Path state) throws Exception {
        final long seed = new Random().nextLong();
        final Random random = new Random(seed);
        // short commits: each POST waits for one, and the manager adds one before the credit
        try (RunningServices services = RunningServices.start(kafka, state, Map.of("commit.interval.ms", "20"));
                TransferManager manager = TransferManager.start(managerConfig(kafka, services, state))) {
            final HttpTestClient api = services.commandApi;
            final List<String> open = new ArrayList<>();
            final List<String> closed = new ArrayList<>();
            BigDecimal total = BigDecimal.ZERO;
            for (int i = 0; i < ACCOUNTS; i++) {
                final String id = "cons-" + i;
                final BigDecimal initial = i < CLOSED ? BigDecimal.ZERO : BigDecimal.valueOf(50 + random.nextInt(450));
                assertThat(api.postJson(
                                        "/accounts",
                                        "{\"accountId\":\"" + id + "\",\"holder\":\"Holder " + i
                                                + "\",\"initialDeposit\":\"" + initial + "\"}")
                                .statusCode())
                        .isEqualTo(201);
                total = total.add(initial);
                if (i < CLOSED) {
                    assertThat(api.post("/accounts/" + id + "/close", null, null)
                                    .statusCode())
                            .isEqualTo(200);
                    closed.add(id);
                } else {
                    open.add(id);
                }
            }
            final List<String> targets = new ArrayList<>(open);
            targets.addAll(closed);
            targets.addAll(UNKNOWN);

            final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
            final Set<String> accepted = ConcurrentHashMap.newKeySet();
            final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                final List<Future<?>> posted = new ArrayList<>();
                for (int t = 0; t < TRANSFERS; t++) {
                    final String transferId = "cons-t-" + t;
                    final String from = open.get(random.nextInt(open.size()));
                    String to = targets.get(random.nextInt(targets.size()));
                    while (to.equals(from)) {
                        to = targets.get(random.nextInt(targets.size()));
                    }
                    // a tenth overdraw any account: more than all the money there is
                    final String amount = random.nextInt(10) == 0
                            ? "100000.00"
                            : BigDecimal.valueOf(1 + random.nextInt(8_000), 2).toPlainString();
                    final String body = "{\"transferId\":\"" + transferId + "\",\"fromAccountId\":\"" + from
                            + "\",\"toAccountId\":\"" + to + "\",\"amount\":\"" + amount + "\"}";
                    posted.add(pool.submit(() -> {
                        final HttpResponse<String> response = api.postJson("/transfers", body);
                        statuses.merge(response.statusCode(), 1, Integer::sum);
                        if (response.statusCode() == 202) {
                            assertThat(read(response).get("status").asText()).isEqualTo("PENDING");
                            accepted.add(transferId);
                        } else {
                            assertThat(response.headers().firstValue("Content-Type"))
                                    .hasValueSatisfying(
                                            type -> assertThat(type).startsWith("application/problem+json"));
                        }
                        return null;
                    }));
                }
                for (final Future<?> answer : posted) {
                    answer.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(statuses.keySet()).as("seed %d: %s", seed, statuses).isSubsetOf(202, 422);
            assertThat(statuses.get(422))
                    .as("overdraws refused (seed %d)", seed)
                    .isPositive();

            // every accepted transfer ends: exactly one credit or refund per debit, none pending
            final String events = services.topics.events();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(
                                    endings(TopicReader.events(kafka, events)).keySet())
                            .containsAll(accepted));
            final List<StoredEvent> stored = TopicReader.events(kafka, events);
            final Map<String, TransferDebited> debits = new HashMap<>();
            for (final StoredEvent e : stored) {
                if (e.event() instanceof TransferDebited d) {
                    assertThat(debits.put(d.transferId(), d))
                            .as("second debit of %s", d.transferId())
                            .isNull();
                }
            }
            assertThat(debits.keySet()).as("debited = accepted (seed %d)", seed).isEqualTo(accepted);
            final Map<String, List<AccountEvent>> endings = endings(stored);
            assertThat(endings.keySet()).as("ended = debited").isEqualTo(debits.keySet());
            int credited = 0;
            int refunded = 0;
            for (final TransferDebited debit : debits.values()) {
                final List<AccountEvent> ends = endings.get(debit.transferId());
                assertThat(ends).as("endings of %s", debit.transferId()).hasSize(1);
                final AccountEvent end = ends.get(0);
                if (end instanceof TransferCredited c) {
                    assertThat(c.accountId()).isEqualTo(debit.toAccountId());
                    assertThat(c.fromAccountId()).isEqualTo(debit.accountId());
                    assertThat(c.amount()).isEqualByComparingTo(debit.amount());
                    assertThat(open).as("credited to an open account").contains(c.accountId());
                    credited++;
                } else if (end instanceof TransferRefunded r) {
                    assertThat(r.accountId()).isEqualTo(debit.accountId());
                    assertThat(r.amount()).isEqualByComparingTo(debit.amount());
                    assertThat(debit.toAccountId())
                            .as("refunded because the target refused")
                            .isIn(targetsThatRefuse(closed));
                    refunded++;
                }
            }
            assertThat(credited).as("credited (seed %d)", seed).isPositive();
            assertThat(refunded).as("refunded (seed %d)", seed).isPositive();

            // balances from each account's events; versions 1..n
            final Map<String, List<AccountEvent>> byAccount = stored.stream()
                    .collect(Collectors.groupingBy(
                            StoredEvent::accountId,
                            TreeMap::new,
                            Collectors.mapping(StoredEvent::event, Collectors.toList())));
            assertThat(byAccount.keySet()).as("no events for unknown accounts").doesNotContainAnyElementsOf(UNKNOWN);
            BigDecimal sum = BigDecimal.ZERO;
            for (final Map.Entry<String, List<AccountEvent>> account : byAccount.entrySet()) {
                final List<AccountEvent> history = account.getValue();
                for (int i = 0; i < history.size(); i++) {
                    assertThat(history.get(i).version())
                            .as("version of event %d of %s", i, account.getKey())
                            .isEqualTo(i + 1);
                }
                assertThat(history.get(0)).isInstanceOf(AccountOpened.class);
                final Account replayed = AccountDecider.replay(account.getKey(), history);
                assertThat(replayed.balance().signum())
                        .as("balance of %s", account.getKey())
                        .isNotNegative();
                sum = sum.add(replayed.balance());
            }
            assertThat(sum).as("the sum of all balances (seed %d)", seed).isEqualByComparingTo(total);
            LOG.info(
                    "transfer conservation (seed {}): answers {}, {} credited, {} refunded, balances {}",
                    seed,
                    statuses,
                    credited,
                    refunded,
                    sum);
            assertThat(manager.state()).isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
        }
    }

    private static List<String> targetsThatRefuse(final List<String> closed) {
        final List<String> refusing = new ArrayList<>(closed);
        refusing.addAll(UNKNOWN);
        return refusing;
    }

    /** TransferCredited and TransferRefunded by transferId. */
    private static Map<String, List<AccountEvent>> endings(final List<StoredEvent> stored) {
        final Map<String, List<AccountEvent>> endings = new HashMap<>();
        for (final StoredEvent e : stored) {
            if (e.event() instanceof TransferCredited c) {
                endings.computeIfAbsent(c.transferId(), k -> new ArrayList<>()).add(c);
            } else if (e.event() instanceof TransferRefunded r) {
                endings.computeIfAbsent(r.transferId(), k -> new ArrayList<>()).add(r);
            }
        }
        return endings;
    }

    private static TransferManagerConfig managerConfig(
            final KafkaTestCluster kafka, final RunningServices services, final Path state) {
        final String name = TestNames.unique("cons-pm");
        final Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("application.id", name);
        config.put("topic.commands", services.topics.commands());
        config.put("topic.events", services.topics.events());
        config.put("topic.results", services.topics.results());
        config.put("topic.dlq", services.topics.dlq());
        config.put("topic.transfer.dlq", name + ".dlq");
        config.put("topic.partitions", "3");
        config.put("state.dir", state.resolve("transfer-manager").toString());
        config.put("http.port", "0");
        config.put("commit.interval.ms", "20");
        return TransferManagerConfig.of(config);
    }

    private static JsonNode read(final HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
