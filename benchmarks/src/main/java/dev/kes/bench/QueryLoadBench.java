package dev.kes.bench;

import dev.kes.projection.ProjectionService;
import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.service.kafka.EventTopic;
import dev.kes.service.kafka.TopicProvisioner;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Query throughput and latency over HTTP, for accounts the receiving instance owns and for accounts it forwards:
 *
 * <ol>
 *   <li>Two projection-service instances, A and B (one application.id, no standby replicas, HTTP on 127.0.0.1), are
 *       started and awaited until both are RUNNING and own partitions.</li>
 *   <li>N events of M accounts ({@link EventHistory}) are produced and awaited until the group's committed offsets
 *       reach the end of every partition.</li>
 *   <li>The accounts are split by owner ({@link Ownership}); a sample of each side is asked of A once, which must
 *       answer 200 with the final version, served by the owner ({@code X-Kes-Served-By}).</li>
 *   <li>{@link Wrk} loads A with {@code GET /accounts/{id}} of random accounts owned by A ("local"), then of random
 *       accounts owned by B ("forwarded": A asks B over HTTP and relays the answer): each target first for
 *       {@code --warmup} seconds, not reported, then for {@code --duration} seconds.</li>
 * </ol>
 */
final class QueryLoadBench {
    /** The response header that names the instance whose stores answered (see the projection service's README). */
    private static final String SERVED_BY = "X-Kes-Served-By";

    private static final int VERIFIED_PER_SIDE = 50;

    private QueryLoadBench() {}

    static List<Result> run(final BenchKafka kafka, final BenchOptions options, final PrintStream out)
            throws InterruptedException {
        final String name = kafka.uniqueName("query");
        final String topic = name + ".account-events";
        final Path files = kafka.newStateDir(name + "-wrk");
        final Wrk wrk = Wrk.prepare(files);
        final ProjectionServiceConfig configA = ServiceConfigs.projection(kafka, name, "a", topic, options, 0);
        final ProjectionServiceConfig configB = ServiceConfigs.projection(kafka, name, "b", topic, options, 0);
        TopicProvisioner.ensure(
                kafka.admin(), List.of(EventTopic.spec(topic, options.partitions(), configA.replicationFactor())));
        kafka.awaitServed(List.of(topic));
        final HttpClient client = ServiceHttp.client();
        final EventHistory history = EventHistory.generate(options.records(), options.accounts());
        final String[] ids = history.accountIds();

        try (ProjectionService a = ProjectionService.start(configA);
                ProjectionService b = ProjectionService.start(configB)) {
            final String baseA = "http://127.0.0.1:" + a.httpPort();
            ServiceHttp.awaitReady(client, baseA, "projection-service A");
            ServiceHttp.awaitReady(client, "http://127.0.0.1:" + b.httpPort(), "projection-service B");
            Ownership.await(a, b, ids);

            final long loadStart = System.nanoTime();
            Loader.send(
                    kafka.producerSettings(),
                    topic,
                    history.events(),
                    history::key,
                    history::value,
                    history::timestamp);
            final Map<TopicPartition, Long> end = CatchUpWatcher.endOffsets(kafka.admin(), topic);
            CatchUpWatcher.await(kafka.admin(), name, end, () -> {
                if (a.state() == KafkaStreams.State.ERROR || b.state() == KafkaStreams.State.ERROR) {
                    throw new IllegalStateException("a projection failed: " + a.state() + " / " + b.state());
                }
            });
            final double caughtUpSeconds = (System.nanoTime() - loadStart) / 1e9;
            final Ownership ownership = Ownership.await(a, b, ids);
            final Map<String, Long> versions = new HashMap<>();
            final long[] finalVersions = history.finalVersions();
            for (int i = 0; i < ids.length; i++) {
                versions.put(ids[i], finalVersions[i]);
            }
            verify(client, baseA, ownership.local(), self(a), versions);
            verify(client, baseA, ownership.forwarded(), self(b), versions);
            out.printf(
                    "  query-load   %d events of %d accounts loaded and projected in %.1f s; A owns %d accounts, "
                            + "B %d%n",
                    history.events(),
                    ids.length,
                    caughtUpSeconds,
                    ownership.local().size(),
                    ownership.forwarded().size());

            final List<Result> results = new ArrayList<>();
            results.add(load(wrk, baseA, files, "local", ownership.local(), options, out));
            results.add(load(wrk, baseA, files, "forwarded", ownership.forwarded(), options, out));
            results.add(summary(results.get(0), results.get(1)));
            return results;
        }
    }

    private static String self(final ProjectionService service) {
        return "127.0.0.1:" + service.httpPort();
    }

    /** A sample of the accounts, asked of A: 200, served by their owner, at their final version. */
    private static void verify(
            final HttpClient client,
            final String base,
            final List<String> accounts,
            final String owner,
            final Map<String, Long> versions)
            throws InterruptedException {
        final SplittableRandom random = new SplittableRandom(11);
        for (int n = 0; n < Math.min(VERIFIED_PER_SIDE, accounts.size()); n++) {
            final String id = accounts.get(random.nextInt(accounts.size()));
            final HttpResponse<String> answer = ServiceHttp.get(client, base + "/accounts/" + id);
            final String servedBy = answer.headers().firstValue(SERVED_BY).orElse("nobody");
            if (answer.statusCode() != 200
                    || !servedBy.equals(owner)
                    || ProjectionCatchUpBench.version(answer.body()) != versions.get(id)) {
                throw new IllegalStateException(id + ": expected 200 at version " + versions.get(id) + " served by "
                        + owner + ", got " + answer.statusCode() + " served by " + servedBy + ": " + answer.body());
            }
        }
    }

    private static Path write(final Path dir, final String file, final List<String> ids) {
        try {
            return Files.write(dir.resolve(file), ids);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** wrk against {@code base} for {@code accounts}, drawn at random from a file {@code <target>.txt} in {@code dir}. */
    private static Result load(
            final Wrk wrk,
            final String base,
            final Path dir,
            final String target,
            final List<String> accounts,
            final BenchOptions options,
            final PrintStream out)
            throws InterruptedException {
        final Path ids = write(dir, target + ".txt", accounts);
        if (options.warmupSeconds() > 0) {
            wrk.run(base, ids, options.threads(), options.connections(), options.warmupSeconds());
        }
        final GcTime gcBefore = GcTime.total();
        final CpuTime cpuBefore = CpuTime.now(thread -> false);
        final Wrk.Outcome outcome =
                wrk.run(base, ids, options.threads(), options.connections(), options.durationSeconds());
        final CpuTime cpu = CpuTime.now(thread -> false).minus(cpuBefore);
        final GcTime gc = GcTime.total().minus(gcBefore);
        out.println();
        out.println("wrk against A, " + target + " accounts:");
        outcome.text().lines().forEach(line -> out.println("  | " + line));
        return new Result("query-load")
                .add(
                        "target",
                        "accounts asked of A",
                        target + " (" + (target.equals("local") ? "owned by A" : "owned by B, forwarded by A") + ")",
                        "")
                .add("accounts", "distinct accounts drawn from", accounts.size(), "")
                .add("path", "request", "GET /accounts/{random id}", "")
                .add("threads", "wrk threads", options.threads(), "")
                .add("connections", "wrk connections", options.connections(), "")
                .add("durationSeconds", "measured for (after warm-up)", Result.round1(outcome.seconds()), "s")
                .add("requests", "responses", outcome.requests(), "")
                .add("perSec", "throughput", Result.round1(outcome.perSecond()), "requests/s")
                .add("meanMs", "latency mean", Result.round1(outcome.meanUs() / 1e3), "ms")
                .add("p50Ms", "latency p50", round2(outcome.p50Us() / 1e3), "ms")
                .add("p90Ms", "latency p90", round2(outcome.p90Us() / 1e3), "ms")
                .add("p99Ms", "latency p99", round2(outcome.p99Us() / 1e3), "ms")
                .add("p999Ms", "latency p99.9", round2(outcome.p999Us() / 1e3), "ms")
                .add("maxMs", "latency max", Result.round1(outcome.maxUs() / 1e3), "ms")
                .add("non2xx", "non-2xx/3xx responses", outcome.non2xx(), "")
                .add("socketErrors", "socket errors (connect, read, write, timeout)", outcome.socketErrors(), "")
                .add("jvmCores", "JVM CPU during the load (A, B, broker)", Result.round1(cpu.processCores()), "cores")
                .add("wrkCores", "wrk's CPU", Result.round1(cpu.childrenCores()), "cores")
                .add("otherCores", "CPU of other processes during the load", Result.round1(cpu.otherCores()), "cores")
                .add("gcMs", "GC time during the load", gc.millis(), "ms");
    }

    private static Result summary(final Result local, final Result forwarded) {
        final Result summary = new Result("query-load-summary");
        addRoute(summary, "local", local);
        addRoute(summary, "forwarded", forwarded);
        return summary.add(
                "forwardedToLocalPercent",
                "forwarded / local throughput",
                Result.round1(forwarded.number("perSec") / local.number("perSec") * 100),
                "%");
    }

    /** One route's rows of the summary, keys prefixed with {@code route}. */
    private static void addRoute(final Result summary, final String route, final Result load) {
        summary.add(route + "PerSec", route + ": throughput", load.number("perSec"), "requests/s")
                .add(route + "P50Ms", route + ": p50", load.number("p50Ms"), "ms")
                .add(route + "P99Ms", route + ": p99", load.number("p99Ms"), "ms")
                .add(
                        route + "Non2xx",
                        route + ": non-2xx + socket errors",
                        (long) (load.number("non2xx") + load.number("socketErrors")),
                        "");
    }

    private static double round2(final double value) {
        return Math.round(value * 100) / 100.0;
    }
}
