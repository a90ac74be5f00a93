package dev.kes.localstack.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a new user sees first: a few hundred accounts with a backdated year of activity imported through the
 * command API (with occurredAt), then one account's monthly snapshots and balances at a few past instants
 * read back from the projection API. Deterministic for a given seed; safe to run twice (Idempotency-Keys).
 */
public final class DemoWorkload {
    private static final int WORKERS = 8;
    private static final int MAX_ATTEMPTS = 20;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String commandApi;
    private final String queryApi;
    private final PrintStream out;

    public DemoWorkload(final int commandPort, final int queryPort, final PrintStream out) {
        this.commandApi = "http://127.0.0.1:" + commandPort;
        this.queryApi = "http://127.0.0.1:" + queryPort;
        this.out = out;
    }

    /** The result of an import: the commands sent, and each account's last step (its expected end state). */
    public record Imported(long commands, Map<String, DemoHistory.Step> lastSteps, Map<String, String> positions) {}

    public Imported importHistory(final int accounts, final long seed) throws InterruptedException {
        final YearMonth first = YearMonth.now(ZoneOffset.UTC).minusMonths(12);
        final AtomicLong sent = new AtomicLong();
        final Map<String, DemoHistory.Step> last = new ConcurrentHashMap<>();
        final Map<String, String> positions = new ConcurrentHashMap<>();
        final ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        try {
            final List<Future<?>> done = new ArrayList<>();
            for (int a = 0; a < accounts; a++) {
                final String id = String.format("demo-%04d", a);
                final List<DemoHistory.Step> steps = DemoHistory.of(id, first, 12, new Random(seed + a));
                done.add(pool.submit(() -> {
                    for (int i = 0; i < steps.size(); i++) {
                        positions.put(id, send(steps.get(i), id + "-" + seed + "-" + i));
                        sent.incrementAndGet();
                    }
                    last.put(id, steps.get(steps.size() - 1));
                    return null;
                }));
            }
            for (final Future<?> future : done) {
                future.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(
                    "demo import failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Imported(sent.get(), Map.copyOf(last), Map.copyOf(positions));
    }

    /** Sends one command, retrying transient answers with the same Idempotency-Key; returns its position. */
    private String send(final DemoHistory.Step step, final String key) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            final HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(commandApi + step.path()))
                            .header("Content-Type", "application/json")
                            .header("Idempotency-Key", key)
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString(step.body()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                return json.readTree(response.body()).get("position").asText();
            }
            if ((response.statusCode() != 503 && response.statusCode() != 504) || attempt == MAX_ATTEMPTS) {
                throw new IllegalStateException(
                        step.path() + " answered " + response.statusCode() + ": " + response.body());
            }
            Thread.sleep(200L * attempt);
        }
    }

    /** Prints one account's monthly snapshots and a few balance-at-instant answers. */
    public void show(final String accountId, final String position) throws IOException, InterruptedException {
        final JsonNode account = get("/accounts/" + accountId + "?position=" + position);
        out.printf(
                "%naccount %s (%s): balance %s at version %s%n",
                accountId,
                account.path("holder").asText(),
                account.path("balance").asText(),
                account.path("version").asText());
        final YearMonth first = YearMonth.now(ZoneOffset.UTC).minusMonths(12);
        out.printf(
                "%-8s %12s %12s %10s %11s %9s %7s%n",
                "month", "opening", "closing", "deposits", "withdrawals", "interest", "events");
        for (int year = first.getYear(); year <= YearMonth.now(ZoneOffset.UTC).getYear(); year++) {
            for (final JsonNode month : get("/accounts/" + accountId + "/monthly-snapshots?year=" + year)
                    .path("months")) {
                out.printf(
                        "%-8s %12s %12s %10s %11s %9s %7s%n",
                        month.path("month").asText(),
                        month.path("openingBalance").asText(),
                        month.path("closingBalance").asText(),
                        month.path("deposits").asText(),
                        month.path("withdrawals").asText(),
                        month.path("interest").asText(),
                        month.path("eventCount").asText());
            }
        }
        for (int monthsAgo = 9; monthsAgo >= 0; monthsAgo -= 3) {
            final Instant at = YearMonth.now(ZoneOffset.UTC)
                    .minusMonths(monthsAgo)
                    .atDay(1)
                    .atStartOfDay()
                    .toInstant(ZoneOffset.UTC);
            final JsonNode balance = get("/accounts/" + accountId + "/balance?at=" + at);
            out.printf(
                    "balance at %s: %s (version %s)%n",
                    at,
                    balance.path("balance").asText("-"),
                    balance.path("version").asText("-"));
        }
    }

    private JsonNode get(final String path) throws IOException, InterruptedException {
        final HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(queryApi + path))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body());
    }
}
