package dev.kes.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.projection.ProjectionService;
import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.projection.topology.ProjectionMetrics;
import dev.kes.projection.topology.StoreNames;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.metrics.MetricsScrape;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

/**
 * How fast a fresh projection replays account-events, beside a raw consumer reading the same topic in the same run.
 *
 * <ol>
 *   <li>N events of M accounts ({@link EventHistory}) are produced to a fresh events topic (untimed for the result).
 *   <li>{@link RawConsumerRead} reads the whole topic: the ceiling.</li>
 *   <li>A fresh {@link ProjectionService} (its own application.id, empty state dir: it starts from the earliest
 *       offsets) replays it, timed from {@code start()} until its committed offsets reach the end of every partition
 *       ({@link CatchUpWatcher}); then its {@code /metrics} must say that every read model applied exactly N events
 *       and skipped none, and a sample of accounts must answer their final version.</li>
 *   <li>{@code --rounds} times: a new generation is bulk-built ({@link BulkRebuild}) and started, timed from the
 *       build's start until it is ready; then the raw consumer reads the topic once more, to see whether the machine
 *       changed pace meanwhile. The rows report the last round, the warmest JVM; one row lists every round.</li>
 * </ol>
 *
 * The ratios (issue 15's aim: ≥ 6 % and ≥ 150 000 events/s) compare with the best of the raw reads: the replay's
 * steady rate (first commit to the commit that reached the end), the bulk rebuild's from the build's start to ready.
 */
final class ProjectionCatchUpBench {
    /** Issue 15's aim: both the share of the raw consumer and the rate. */
    static final double AIM = 0.06;

    static final double AIM_PER_SEC = 150_000;
    private static final int VERIFIED_ACCOUNTS = 20;
    /** The account read models, each with its store (and changelog) of that name. */
    private static final List<String> VIEWS =
            List.of(StoreNames.EVENT_INDEX, StoreNames.MONTHLY_SNAPSHOTS, StoreNames.BALANCES);

    private static final List<String> SKIPS = List.of(
            ProjectionMetrics.DUPLICATES,
            ProjectionMetrics.GAPS,
            ProjectionMetrics.NOT_OPENED,
            ProjectionMetrics.TIME_REGRESSIONS,
            ProjectionMetrics.UNKNOWN,
            ProjectionMetrics.MALFORMED);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProjectionCatchUpBench() {}

    /** What the replay took, seen from outside the service, and what it used on the way (also of bare-projection). */
    record Replay(long startNanos, CatchUpWatcher.Seen seen, CpuTime cpu, GcTime gc) {
        double fromStartRate() {
            return seen.records() * 1e9 / (seen.lastNanos() - startNanos);
        }

        /** Records committed after the first commit, per second from that commit to the last. */
        double steadyRate() {
            return (seen.records() - seen.committedAtFirst()) * 1e9 / (seen.lastNanos() - seen.firstNanos());
        }
    }

    static Result run(final BenchKafka kafka, final BenchOptions options) throws InterruptedException {
        final String name = kafka.uniqueName("catchup");
        final String topic = name + ".account-events";
        final ProjectionServiceConfig config = ServiceConfigs.projection(kafka, name, "a", topic, options, 0);
        final LoadedEvents load = LoadedEvents.load(kafka, options, topic, config.replicationFactor());
        final EventHistory history = load.history();
        final Loader.Sent loaded = load.sent();
        final Map<TopicPartition, Long> end = load.end();
        final long events = load.events();

        final RawConsumerRead.Timing rawBefore = RawConsumerRead.read(kafka.bootstrap(), topic, events);
        final Replay replay = replay(kafka, config, end, history);
        final long changelog = changelogRecords(kafka, config.applicationId());
        // nothing is written after the load: each built generation is ready once restored, with lag 0; one per
        // round, each followed by a raw read, and the last (the warmest JVM) reported in the rows of one run
        final List<BulkRebuild.Timing> bulks = new ArrayList<>();
        final List<RawConsumerRead.Timing> raws = new ArrayList<>(List.of(rawBefore));
        for (int round = 1; round <= options.rounds(); round++) {
            bulks.add(BulkRebuild.run(
                    ServiceConfigs.projection(kafka, name + "-bulk-" + round, "b", topic, options, 0),
                    history,
                    events));
            raws.add(RawConsumerRead.read(kafka.bootstrap(), topic, events));
        }
        final BulkRebuild.Timing bulk = bulks.get(bulks.size() - 1);
        final RawConsumerRead.Timing rawAfter = raws.get(raws.size() - 1);

        final double raw = raws.stream()
                .mapToDouble(RawConsumerRead.Timing::steadyRate)
                .max()
                .orElseThrow();
        final double rawFromStart = raws.stream()
                .mapToDouble(RawConsumerRead.Timing::fromStartRate)
                .max()
                .orElseThrow();
        final double ratio = replay.steadyRate() / raw;
        return load.describe(new Result("projection-catchup"), options)
                .add("partitions", "partitions", options.partitions(), "")
                .add("streamThreads", "stream threads of the projection", options.streamThreads(), "")
                .add("loadPerSec", "pre-load (one producer)", Math.round(loaded.perSecond()) * 1.0, "events/s")
                .add("rawBeforePerSec", "raw consumer, before", Math.round(rawBefore.steadyRate()) * 1.0, "events/s")
                .add("rawAfterPerSec", "raw consumer, after", Math.round(rawAfter.steadyRate()) * 1.0, "events/s")
                .add(
                        "rawFromStartPerSec",
                        "raw consumer from the first poll (better)",
                        Math.round(rawFromStart) * 1.0,
                        "events/s")
                .add(
                        "rawSeconds",
                        "raw consumer read (before / after)",
                        Result.round1(rawBefore.seconds()) + " / " + Result.round1(rawAfter.seconds()),
                        "s")
                .add(
                        "projectionPerSec",
                        "projection, first to last commit",
                        Math.round(replay.steadyRate()) * 1.0,
                        "events/s")
                .add(
                        "projectionFromStartPerSec",
                        "projection from start()",
                        Math.round(replay.fromStartRate()) * 1.0,
                        "events/s")
                .add(
                        "projectionSeconds",
                        "start() to all committed",
                        Result.round1((replay.seen().lastNanos() - replay.startNanos()) / 1e9),
                        "s")
                .add(
                        "firstCommitMs",
                        "first commit after start()",
                        Result.round1((replay.seen().firstNanos() - replay.startNanos()) / 1e6),
                        "ms")
                .add(
                        "jvmCores",
                        "JVM CPU during the replay (broker included)",
                        Result.round1(replay.cpu().processCores()),
                        "cores")
                .add(
                        "otherCores",
                        "CPU of other processes during the replay",
                        Result.round1(replay.cpu().otherCores()),
                        "cores")
                .add(
                        "streamThreadCores",
                        "the stream threads' CPU during the replay",
                        Result.round1(replay.cpu().threadCores()),
                        "cores")
                .add(
                        "streamThreadMicrosPerEvent",
                        "stream threads' CPU per event",
                        Result.round1(replay.cpu().threadsNanos() / 1e3 / events),
                        "us")
                .add(
                        "rawMicrosPerEvent",
                        "raw consumer thread CPU per event (better)",
                        Result.round1(Math.min(rawBefore.cpuMicrosPerRecord(), rawAfter.cpuMicrosPerRecord())),
                        "us")
                .add("gcMs", "GC time during the replay", replay.gc().millis(), "ms")
                .add("projectionToRawPercent", "projection / raw consumer (steady)", Result.round1(ratio * 100), "%")
                .add(
                        "projectionToRawFromStartPercent",
                        "projection / raw consumer (from start)",
                        Result.round1(replay.fromStartRate() / rawFromStart * 100),
                        "%")
                .add(
                        "bulkBuildSeconds",
                        "bulk build: read, fold, changelogs written, offsets committed",
                        Result.round1(bulk.buildNanos() / 1e9),
                        "s")
                .add(
                        "bulkBuildPerSec",
                        "bulk build alone",
                        Math.round(bulk.build().eventsPerSecond()) * 1.0,
                        "events/s")
                .add(
                        "bulkRestoreSeconds",
                        "bulk: start() of the built generation to /health/ready 200",
                        Result.round1(bulk.restoreNanos() / 1e9),
                        "s")
                .add(
                        "bulkRunningSeconds",
                        "bulk: start() of the built generation to RUNNING (restored)",
                        Result.round1(bulk.runningNanos() / 1e9),
                        "s")
                .add("bulkPerSec", "bulk rebuild, build start to ready", Math.round(bulk.rate()) * 1.0, "events/s")
                .add("bulkRounds", "bulk rounds: build + start() to ready = events/s", rounds(bulks), "")
                .add("bulkToRawPercent", "bulk rebuild / raw consumer", Result.round1(bulk.rate() / raw * 100), "%")
                .add(
                        "bulkChangelogPerEvent",
                        "bulk: changelog records per event (all five stores)",
                        Math.round(bulk.build().changelogRecords() * 100.0 / events) / 100.0,
                        "")
                .add(
                        "bulkMeetsAim",
                        "bulk rebuild >= 150 000 events/s and >= 6% of raw",
                        bulk.rate() / raw >= AIM && bulk.rate() >= AIM_PER_SEC,
                        "")
                .add("changelogRecords", "changelog records of the account stores", changelog, "")
                .add(
                        "changelogPerEvent",
                        "changelog records per event",
                        Math.round(changelog * 100.0 / events) / 100.0,
                        "")
                .add(
                        "meetsAim",
                        "projection >= 150 000 events/s and >= 6% of raw",
                        ratio >= AIM && replay.steadyRate() >= AIM_PER_SEC,
                        "");
    }

    /** Each round's build and ready times and its rate, in the order run. */
    private static String rounds(final List<BulkRebuild.Timing> bulks) {
        return bulks.stream()
                .map(bulk -> Result.round1(bulk.buildNanos() / 1e9) + " + " + Result.round1(bulk.restoreNanos() / 1e9)
                        + " s = " + Math.round(bulk.rate()))
                .collect(Collectors.joining("; "));
    }

    /** Records written to the changelogs of the account read models' stores of the application {@code app}. */
    static long changelogRecords(final BenchKafka kafka, final String app) {
        long records = 0;
        for (final String store : VIEWS) {
            records += CatchUpWatcher.endOffsets(kafka.admin(), app + "-" + store + "-changelog").values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
        return records;
    }

    /** A fresh projection replays the loaded topic ({@code end}) and is verified against {@code history}. */
    static Replay replay(
            final BenchKafka kafka,
            final ProjectionServiceConfig config,
            final Map<TopicPartition, Long> end,
            final EventHistory history)
            throws InterruptedException {
        return replay(kafka, config, end, history, AvroCodec.shipped());
    }

    /** The same, the service reading with {@code codec} (registry-cost: a registry reader's codec). */
    static Replay replay(
            final BenchKafka kafka,
            final ProjectionServiceConfig config,
            final Map<TopicPartition, Long> end,
            final EventHistory history,
            final AvroCodec codec)
            throws InterruptedException {
        final GcTime gcBefore = GcTime.total();
        final CpuTime cpuBefore = CpuTime.now(CpuTime.streamThreadsOf(config.applicationId()));
        final long start = System.nanoTime();
        try (ProjectionService service = ProjectionService.start(config, codec)) {
            final CatchUpWatcher.Seen seen = CatchUpWatcher.await(kafka.admin(), config.applicationId(), end, () -> {
                final KafkaStreams.State state = service.state();
                if (state == KafkaStreams.State.ERROR
                        || state == KafkaStreams.State.PENDING_ERROR
                        || state == KafkaStreams.State.NOT_RUNNING) {
                    throw new IllegalStateException("the projection stopped: " + state);
                }
            });
            final CpuTime cpu =
                    CpuTime.now(CpuTime.streamThreadsOf(config.applicationId())).minus(cpuBefore);
            final GcTime gc = GcTime.total().minus(gcBefore);
            verify(service, seen.records(), history);
            return new Replay(start, seen, cpu, gc);
        }
    }

    /** Every read model applied every event once and skipped none; sampled accounts answer their final version. */
    private static void verify(final ProjectionService service, final long events, final EventHistory history)
            throws InterruptedException {
        final HttpClient client = ServiceHttp.client();
        final String base = "http://127.0.0.1:" + service.httpPort();
        final MetricsScrape metrics =
                MetricsScrape.parse(ServiceHttp.get(client, base + "/metrics").body());
        for (final String view : VIEWS) {
            final double applied = metrics.sum(ProjectionMetrics.APPLIED, ProjectionMetrics.VIEW, view);
            if (applied != events) {
                throw new IllegalStateException(view + " applied " + (long) applied + " of " + events + " events");
            }
        }
        for (final String skip : SKIPS) {
            if (metrics.sum(skip) != 0) {
                throw new IllegalStateException(skip + " = " + metrics.sum(skip) + " after a clean replay");
            }
        }
        verifyFinalVersions(client, base, history);
    }

    /** A sample of accounts answer, at {@code base}, the final version {@code history} gave them. */
    static void verifyFinalVersions(final HttpClient client, final String base, final EventHistory history)
            throws InterruptedException {
        final String[] ids = history.accountIds();
        final long[] versions = history.finalVersions();
        final SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < Math.min(VERIFIED_ACCOUNTS, ids.length); n++) {
            final int a = random.nextInt(ids.length);
            final HttpResponse<String> answer = ServiceHttp.get(client, base + "/accounts/" + ids[a]);
            final long version = answer.statusCode() == 200 ? version(answer.body()) : -1;
            if (version != versions[a]) {
                throw new IllegalStateException(base + " " + ids[a] + ": expected version " + versions[a] + ", got "
                        + answer.statusCode() + " " + answer.body());
            }
        }
    }

    static long version(final String body) {
        try {
            final JsonNode json = JSON.readTree(body);
            return json.path("version").asLong(-1);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
