package dev.kes.bench;

import dev.kes.command.CommandService;
import dev.kes.command.CommandServiceConfig;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The highest offered rate the command service holds: one service as in {@link HttpLatencyBench}, then steps of
 * increasing open-loop rate (each warm-up + measured window), stopping at the first step whose p99 exceeds
 * {@value CapacityStep#P99_LIMIT_MS} ms or that has an error. The same sweep against {@code GET /health/live} of
 * the same service runs first: the generator shares the JVM and the cores with the service, and that sweep is where
 * the generator (and Jetty) stop on their own, so a deposit limit near it is the generator's, not the service's.
 */
final class HttpCapacityBench {
    /** JDK HTTP clients the load is spread over: one selector thread each, which also handles the answers. */
    static final int CLIENTS = 4;

    static final int AIM_PER_SEC = 5_000;
    /** Unrecorded deposits at the first step's rate before the sweeps: the JIT needs ~75 s of load here (ADR 0017). */
    static final int JIT_WARMUP_SECONDS = 90;

    private static final String HEALTH = "health";
    private static final String DEPOSITS = "deposits";

    private HttpCapacityBench() {}

    static Result run(
            final BenchKafka kafka,
            final BenchOptions options,
            final long commitIntervalMs,
            final PrintStream out,
            final Consumer<Result> steps)
            throws InterruptedException {
        final String name = kafka.uniqueName("capacity-ci" + commitIntervalMs);
        final CommandServiceConfig config = ServiceConfigs.command(kafka, name, options, commitIntervalMs);
        final HttpClient[] clients = ServiceHttp.loadClients(CLIENTS);
        final List<CapacityStep> health;
        final List<CapacityStep> deposits;
        try (CommandService service = CommandService.start(config)) {
            final String base = "http://127.0.0.1:" + service.httpPort();
            ServiceHttp.awaitReady(clients[0], base, "the command service");
            final String[] accounts = Commands.accountIds(options.accounts());
            HttpLatencyBench.openAccounts(clients[0], base, accounts);
            out.printf(
                    Locale.ROOT,
                    "  sweep        %s requests/s, %d s warm-up + %d s measured per step, %d HTTP "
                            + "clients, at most %d connections; stops at p99 > %.0f ms or any error; first %d s of "
                            + "deposits at %d/s, not recorded%n",
                    options.rates(),
                    options.warmupSeconds(),
                    options.durationSeconds(),
                    CLIENTS,
                    options.connections(),
                    CapacityStep.P99_LIMIT_MS,
                    JIT_WARMUP_SECONDS,
                    options.rates().get(0));
            final OpenLoopLoad.RequestFactory deposit =
                    due -> HttpLatencyBench.deposit(base, Commands.random(accounts));
            OpenLoopLoad.run(
                    clients,
                    options.connections(),
                    deposit,
                    null,
                    options.rates().get(0),
                    0,
                    JIT_WARMUP_SECONDS);
            out.println(CapacityStep.HEADER);
            final HttpRequest live = HttpRequest.newBuilder(URI.create(base + "/health/live"))
                    .timeout(Duration.ofSeconds(30))
                    .build();
            health = sweep(HEALTH, clients, due -> live, options, kafka.brokers(), out, steps);
            deposits = sweep(DEPOSITS, clients, deposit, options, kafka.brokers(), out, steps);
        }
        return result(options, commitIntervalMs, kafka.brokers(), health, deposits);
    }

    private static List<CapacityStep> sweep(
            final String target,
            final HttpClient[] clients,
            final OpenLoopLoad.RequestFactory requests,
            final BenchOptions options,
            final int brokers,
            final PrintStream out,
            final Consumer<Result> steps)
            throws InterruptedException {
        final String sender = Thread.currentThread().getName();
        final Predicate<String> generator = thread -> thread.startsWith("HttpClient-") || thread.equals(sender);
        final List<CapacityStep> done = new ArrayList<>();
        for (final int rate : options.rates()) {
            final CpuTime before = CpuTime.now(generator);
            final OpenLoopLoad.Outcome outcome = OpenLoopLoad.run(
                    clients,
                    options.connections(),
                    requests,
                    null,
                    rate,
                    options.warmupSeconds(),
                    options.durationSeconds());
            final CpuTime used = CpuTime.now(generator).minus(before);
            final CapacityStep step =
                    new CapacityStep(target, rate, outcome, used.processCores(), used.threadCores(), used.otherCores());
            done.add(step);
            out.println(step.format());
            steps.accept(step.result(brokers));
            if (!step.holds()) {
                break;
            }
        }
        return done;
    }

    private static Result result(
            final BenchOptions options,
            final long commitIntervalMs,
            final int brokers,
            final List<CapacityStep> health,
            final List<CapacityStep> deposits) {
        final Optional<CapacityStep> held = CapacityStep.highestHeld(deposits);
        final Optional<CapacityStep> generatorHeld = CapacityStep.highestHeld(health);
        final Optional<CapacityStep> stopped =
                deposits.stream().filter(step -> !step.holds()).findFirst();
        final Optional<CapacityStep> generatorStopped =
                health.stream().filter(step -> !step.holds()).findFirst();
        final int highest = held.map(CapacityStep::offeredPerSec).orElse(0);
        final int generatorHighest =
                generatorHeld.map(CapacityStep::offeredPerSec).orElse(0);
        return new Result("http-capacity")
                .add("brokers", "brokers (embedded; 0 = external)", brokers, "")
                .add("partitions", "partitions", options.partitions(), "")
                .add("commitIntervalMs", "commit.interval.ms", commitIntervalMs, "")
                .add("accounts", "accounts", options.accounts(), "")
                .add("rates", "offered rates of the steps", options.rates().toString(), "requests/s")
                .add("warmupSeconds", "warm-up per step, not recorded", options.warmupSeconds(), "s")
                .add("durationSeconds", "measured per step", options.durationSeconds(), "s")
                .add("clients", "JDK HTTP clients of the generator", CLIENTS, "")
                .add("connections", "at most requests on the wire (connections)", options.connections(), "")
                .add("highestPerSec", "deposits: highest rate with p99 <= 100 ms, no errors", highest, "requests/s")
                .add(
                        "highestAchievedPerSec",
                        "deposits: achieved at that step",
                        Result.round1(
                                held.map(step -> step.outcome().achieved()).orElse(0.0)),
                        "requests/s")
                .add(
                        "highestP99Ms",
                        "deposits: p99 at that step",
                        Result.round1(held.map(CapacityStep::p99Ms).orElse(0.0)),
                        "ms")
                .add(
                        "stoppedAt",
                        "deposits: first step that did not hold",
                        stopped.map(step -> step.offeredPerSec() + "/s: "
                                        + step.failure().orElseThrow())
                                .orElse("none (every step held)"),
                        "")
                .add(
                        "generatorHighestPerSec",
                        "GET /health/live: highest rate held (generator ceiling)",
                        generatorHighest,
                        "requests/s")
                .add(
                        "generatorStoppedAt",
                        "GET /health/live: first step that did not hold",
                        generatorStopped
                                .map(step -> step.offeredPerSec() + "/s: "
                                        + step.failure().orElseThrow())
                                .orElse("none (every step held)"),
                        "")
                .add(
                        "generatorLimited",
                        "deposits stopped where the generator did too",
                        stopped.isPresent()
                                && generatorStopped.isPresent()
                                && stopped.get().offeredPerSec()
                                        >= generatorStopped.get().offeredPerSec(),
                        "")
                .add("aimPerSec", "aim", AIM_PER_SEC, "requests/s")
                .add("meetsAim", "deposits held the aim", highest >= AIM_PER_SEC, "");
    }
}
