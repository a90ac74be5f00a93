package dev.kes.admin.generations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.admin.ExitCodes;
import dev.kes.admin.testing.Cli;
import dev.kes.admin.testing.EventWriter;
import dev.kes.admin.testing.EventsTopic;
import dev.kes.admin.testing.Http;
import dev.kes.admin.testing.Services;
import dev.kes.domain.AccountEvent;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.projection.ProjectionService;
import dev.kes.service.kafka.TopicNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A new generation rebuilds 200 000 events beside the running one, replayed by its instance or built in bulk by
 * es-admin: the running one answers every query, unchanged, the whole time; after the cutover both generations give
 * every account the same balance, balances at five instants, monthly snapshots and events.
 */
@WithKafka
class RebuildUnderTrafficTest {
    private static final int ACCOUNTS = 500;
    private static final int EVENTS_PER_ACCOUNT = 400;
    private static final Instant OPENED = Instant.parse("2025-01-01T00:00:00Z");
    /** Between two events of an account: 400 of them end within 2025. */
    private static final Duration STEP = Duration.ofHours(21);

    private static final List<Instant> INSTANTS = List.of(
            Instant.parse("2025-01-01T12:00:00Z"),
            Instant.parse("2025-03-15T00:00:00Z"),
            Instant.parse("2025-06-30T23:59:59Z"),
            Instant.parse("2025-10-01T08:00:00Z"),
            Instant.parse("2026-01-01T00:00:00Z"));
    /** The queries the old generation answers while the new one rebuilds (one account in ten). */
    private static final int TRAFFIC_ACCOUNTS_EVERY = 10;

    /** @param bulk the new generation's state built by {@code start --bulk}, not replayed by its instance */
    @ParameterizedTest(name = "bulk={0}")
    @ValueSource(booleans = {false, true})
    void theOldGenerationAnswersUnchangedWhileTheNewOneRebuildsAndBothAgreeAfterTheCutover(
            final boolean bulk, final KafkaTestCluster kafka, @TempDir final Path state) throws Exception {
        final String base = TestNames.unique("rebuild-traffic");
        final TopicNames topics = TopicNames.prefixed(base);
        EventsTopic.create(kafka, topics);
        try (EventWriter writer = new EventWriter(kafka, topics.events())) {
            writer.events(history());
        }
        final Map<String, String> caughtUp = Map.of("projection.ready.max.lag", "0");
        try (ProjectionService old = Services.projection(kafka, base, topics, state.resolve("old"), caughtUp)) {
            awaitReady(old);
            final Map<String, String> before = new LinkedHashMap<>();
            for (int a = 0; a < ACCOUNTS; a += TRAFFIC_ACCOUNTS_EVERY) {
                queries(account(a))
                        .forEach(path -> before.put(path, get(old, path).body()));
            }

            final List<String> wrong = new CopyOnWriteArrayList<>();
            final AtomicLong askedWhileBehind = new AtomicLong();
            final AtomicBoolean rebuilding = new AtomicBoolean(true);
            final AtomicBoolean newBehind = new AtomicBoolean(true);
            final Thread traffic = new Thread(() -> {
                while (rebuilding.get()) {
                    for (final Map.Entry<String, String> query : before.entrySet()) {
                        final boolean behind = newBehind.get();
                        try {
                            final HttpResponse<String> answer = get(old, query.getKey());
                            if (answer.statusCode() != 200 || !answer.body().equals(query.getValue())) {
                                wrong.add(query.getKey() + " -> " + answer.statusCode() + " " + answer.body());
                            }
                        } catch (RuntimeException e) {
                            wrong.add(query.getKey() + " -> " + e);
                        }
                        if (behind) {
                            askedWhileBehind.incrementAndGet();
                        }
                    }
                }
            });
            traffic.start();
            try {
                final Cli.Run start = bulk
                        ? Cli.rebuild(kafka, topics, base, "start", "--generation", "g2", "--bulk")
                        : Cli.rebuild(kafka, topics, base, "start", "--generation", "g2");
                assertThat(start.exitCode()).as(start.toString()).isEqualTo(ExitCodes.OK);
                try (ProjectionService next = Services.projection(
                        kafka,
                        base,
                        topics,
                        state.resolve("new"),
                        Map.of("projection.generation", "g2", "projection.ready.max.lag", "0"))) {
                    awaitReady(next);
                    newBehind.set(false);
                    rebuilding.set(false);
                    traffic.join();
                    assertThat(wrong)
                            .as("answers of the old generation during the rebuild")
                            .isEmpty();
                    assertThat(askedWhileBehind.get())
                            .as("queries answered while the new generation was behind")
                            .isGreaterThan(before.size());

                    final Cli.Run cutover =
                            Cli.rebuild(kafka, topics, base, "cutover", "--generation", "g2", "--max-lag", "0");
                    assertThat(cutover.exitCode()).as(cutover.toString()).isEqualTo(ExitCodes.OK);

                    for (int a = 0; a < ACCOUNTS; a++) {
                        for (final String path : queries(account(a))) {
                            final HttpResponse<String> mine = get(next, path);
                            assertThat(mine.statusCode()).as(path).isEqualTo(200);
                            assertThat(mine.body())
                                    .as(path)
                                    .isEqualTo(get(old, path).body());
                        }
                    }
                }
            } finally {
                // stopped above when all went well; here when anything failed, so that it does not outlive the test
                rebuilding.set(false);
                traffic.join();
            }
        }
    }

    /** The account's balance, its balance at five instants, its 2025 monthly snapshots and its events. */
    private static List<String> queries(final String id) {
        final List<String> paths = new ArrayList<>();
        paths.add("/accounts/" + id);
        INSTANTS.forEach(at -> paths.add("/accounts/" + id + "/balance?at=" + at));
        paths.add("/accounts/" + id + "/monthly-snapshots?year=2025");
        paths.add("/accounts/" + id + "/events?fromVersion=1&limit=1000");
        return paths;
    }

    private void awaitReady(final ProjectionService service) {
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> get(service, "/health/ready").statusCode() == 200);
    }

    private HttpResponse<String> get(final ProjectionService service, final String path) {
        try {
            return Http.get(service.httpPort(), path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String account(final int a) {
        return String.format("t-%03d", a);
    }

    /** Each account opened, then deposits and withdrawals in turn, one every 21 hours through 2025. */
    private static List<AccountEvent> history() {
        final List<AccountEvent> events = new ArrayList<>(ACCOUNTS * EVENTS_PER_ACCOUNT);
        for (int a = 0; a < ACCOUNTS; a++) {
            final String id = account(a);
            final Instant opened = OPENED.plusSeconds(a);
            events.add(new AccountEvent.AccountOpened(id, 1, opened, "Holder " + a, money("100.00")));
            for (int v = 2; v <= EVENTS_PER_ACCOUNT; v++) {
                final Instant at = opened.plus(STEP.multipliedBy(v - 1));
                events.add(
                        v % 2 == 0
                                ? new AccountEvent.MoneyDeposited(id, v, at, money("10.00"), null)
                                : new AccountEvent.MoneyWithdrawn(id, v, at, money("3.25")));
            }
        }
        return events;
    }

    private static BigDecimal money(final String amount) {
        return new BigDecimal(amount);
    }
}
