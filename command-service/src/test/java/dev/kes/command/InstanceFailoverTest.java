package dev.kes.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.command.testing.ChildService;
import dev.kes.command.testing.HttpTestClient;
import dev.kes.command.testing.TestServices;
import dev.kes.command.testing.TopicReader;
import dev.kes.kafka.test.ChildJvm;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two command-service processes (child JVMs on the service's own defaults) share the partitions; one is killed
 * ({@code kill -9}) and restarted at once on its state dir, as a supervisor does. Commands for accounts on every
 * partition, sent to the other instance all along, keep being answered 2xx within the service's request timeout:
 * no 503, no 504 (ADR 0008). With Kafka's defaults (dynamic members, 45 s session) the restarted instance's join
 * waits for the dead one's session, the other's transaction times out meanwhile, and commands time out. The longest gap between two successful commands of one account is logged: the
 * unavailability window of benchmarks/README.md "Instance failover".
 */
@WithKafka
class InstanceFailoverTest {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceFailoverTest.class);
    private static final int PARTITIONS = 6;
    private static final int ACCOUNTS = 12;
    private static final int WARM_UP = 3;
    private static final int AFTER_RESTART = 5;

    private record Answer(String accountId, long answeredAtNanos, int status, String body) {}

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void killingAndRestartingOneInstanceKeepsEveryPartitionAnswering(
            final KafkaTestCluster kafka, @TempDir final Path state) throws Exception {
        final Map<String, String> config = TestServices.config(kafka, "failover", state.resolve("unused"));
        config.put("topic.partitions", String.valueOf(PARTITIONS));
        // the claim is that no command fails; how long the slowest one waited is measured (the window), and a
        // loaded test machine restarts a JVM slower than the default 10 s allows for (below the test client's 30 s)
        config.put("request.timeout.ms", "25000");
        final Map<String, String> configA = instance(config, state.resolve("a"), ChildJvm.freePort());
        final Map<String, String> configB = instance(config, state.resolve("b"), ChildJvm.freePort());
        final HttpTestClient httpA = new HttpTestClient(Integer.parseInt(configA.get("http.port")));
        final HttpTestClient httpB = new HttpTestClient(Integer.parseInt(configB.get("http.port")));
        final List<String> accounts = accountsOnEveryPartition();
        final List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
        final Map<String, Integer> successes = new ConcurrentHashMap<>();
        final AtomicBoolean stop = new AtomicBoolean();

        // the children's logs stay after the run, for a failure to be read
        final Path logs = Files.createDirectories(Path.of("target", "instance-failover"));
        for (final String log : List.of("a.log", "b.log", "a-restarted.log")) {
            Files.deleteIfExists(logs.resolve(log));
        }
        Process a = ChildJvm.start(CommandServiceMain.class, configA, logs.resolve("a.log"));
        final Process b = ChildJvm.start(CommandServiceMain.class, configB, logs.resolve("b.log"));
        final ExecutorService senders = Executors.newFixedThreadPool(ACCOUNTS);
        try {
            ChildService.awaitReady(httpA, a, logs.resolve("a.log"), Duration.ofSeconds(90));
            ChildService.awaitReady(httpB, b, logs.resolve("b.log"), Duration.ofSeconds(90));
            accounts.forEach(account -> TestServices.open(httpB, account, "100.00"));
            assertThat(partitionsOf(kafka, TestServices.topics(config).events(), accounts))
                    .as("the accounts cover every partition")
                    .hasSize(PARTITIONS);

            final List<Future<?>> running = new ArrayList<>();
            for (final String account : accounts) {
                running.add(senders.submit(() -> depositUntilStopped(httpB, account, stop, answers, successes)));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> everyAccountHas(accounts, successes, WARM_UP));

            final long killedAt = System.nanoTime();
            a.destroyForcibly();
            assertThat(a.waitFor(30, TimeUnit.SECONDS)).isTrue();
            a = ChildJvm.start(CommandServiceMain.class, configA, logs.resolve("a-restarted.log"));
            ChildService.awaitReady(httpA, a, logs.resolve("a-restarted.log"), Duration.ofSeconds(90));
            final long readyAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            final Map<String, Integer> atRestart = Map.copyOf(successes);
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> accounts.stream()
                            .allMatch(account -> successes.getOrDefault(account, 0)
                                    >= atRestart.getOrDefault(account, 0) + AFTER_RESTART));
            stop.set(true);
            for (final Future<?> sender : running) {
                sender.get(60, TimeUnit.SECONDS);
            }

            final Map<String, Long> gaps = longestGapMillis(answers);
            final long window =
                    gaps.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            LOG.info(
                    "instance failover: killed instance ready again after {} ms; longest gap between successful "
                            + "commands of one account {} ms (per account {})",
                    readyAfterMillis,
                    window,
                    gaps);
            final List<Answer> failed = answers.stream()
                    .filter(answer -> answer.status() / 100 != 2)
                    .toList();
            assertThat(failed)
                    .as("answers other than 2xx (longest gap %d ms)", window)
                    .isEmpty();
        } finally {
            stop.set(true);
            senders.shutdownNow();
            stopChild(a);
            stopChild(b);
        }
    }

    /** {@value #ACCOUNTS} account ids spread evenly over the partitions, as the producer's partitioner places keys. */
    private static List<String> accountsOnEveryPartition() {
        final Map<Integer, List<String>> byPartition = new HashMap<>();
        final List<String> accounts = new ArrayList<>();
        for (int i = 0; accounts.size() < ACCOUNTS; i++) {
            final String account = "fo-acc-" + i;
            final int partition =
                    Utils.toPositive(Utils.murmur2(account.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            final List<String> on = byPartition.computeIfAbsent(partition, p -> new ArrayList<>());
            if (on.size() < ACCOUNTS / PARTITIONS) {
                on.add(account);
                accounts.add(account);
            }
        }
        return accounts;
    }

    private static Map<String, String> instance(final Map<String, String> config, final Path stateDir, final int port) {
        final Map<String, String> child = new HashMap<>(config);
        child.put("state.dir", stateDir.toString());
        child.put("http.port", String.valueOf(port));
        return child;
    }

    /** One deposit after the other, each with its own Idempotency-Key, until told to stop. */
    private static void depositUntilStopped(
            final HttpTestClient http,
            final String account,
            final AtomicBoolean stop,
            final List<Answer> answers,
            final Map<String, Integer> successes) {
        int i = 0;
        while (!stop.get()) {
            final String key = account + "-" + i++;
            try {
                final HttpResponse<String> response = http.postJson(
                        "/accounts/" + account + "/deposits", "{\"amount\":\"1.00\"}", "Idempotency-Key", key);
                answers.add(new Answer(account, System.nanoTime(), response.statusCode(), response.body()));
                if (response.statusCode() / 100 == 2) {
                    successes.merge(account, 1, Integer::sum);
                }
            } catch (IOException e) {
                answers.add(new Answer(account, System.nanoTime(), -1, e.toString()));
            }
        }
    }

    private static boolean everyAccountHas(
            final List<String> accounts, final Map<String, Integer> successes, final int count) {
        return accounts.stream().allMatch(account -> successes.getOrDefault(account, 0) >= count);
    }

    private static Map<String, Long> longestGapMillis(final List<Answer> answers) {
        final Map<String, List<Long>> times;
        synchronized (answers) {
            times = answers.stream()
                    .filter(answer -> answer.status() / 100 == 2)
                    .collect(Collectors.groupingBy(
                            Answer::accountId, Collectors.mapping(Answer::answeredAtNanos, Collectors.toList())));
        }
        final Map<String, Long> gaps = new TreeMap<>();
        times.forEach((account, list) -> {
            final List<Long> sorted = list.stream().sorted().toList();
            long longest = 0;
            for (int i = 1; i < sorted.size(); i++) {
                longest = Math.max(longest, sorted.get(i) - sorted.get(i - 1));
            }
            gaps.put(account, TimeUnit.NANOSECONDS.toMillis(longest));
        });
        return gaps;
    }

    private static Set<Integer> partitionsOf(
            final KafkaTestCluster kafka, final String topic, final List<String> accounts) {
        return TopicReader.readAll(kafka, topic).stream()
                .filter(record -> accounts.contains(record.key()))
                .map(ConsumerRecord::partition)
                .collect(Collectors.toSet());
    }

    private static void stopChild(final Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
