package dev.kes.bench;

import dev.kes.projection.ProjectionService;
import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.projection.topology.BulkBuild;
import dev.kes.projection.topology.StoreNames;
import dev.kes.schemas.serde.AvroCodec;
import java.net.http.HttpClient;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;

/**
 * A new generation rebuilt by {@link BulkBuild} (es-admin projection rebuild start --bulk) and then started: the time
 * from the build's start until the started instance answers 200 on {@code /health/ready} (its stores restored from
 * the changelogs the build wrote, its lag 0), verified by the build's counters (every read model applied every event,
 * none skipped) and a sample of accounts answering their final version.
 */
final class BulkRebuild {
    private static final long READY_POLL_MS = 20;
    private static final List<String> VIEWS =
            List.of(StoreNames.EVENT_INDEX, StoreNames.MONTHLY_SNAPSHOTS, StoreNames.BALANCES);

    private BulkRebuild() {}

    /**
     * @param buildNanos the build, from its start to its offsets committed
     * @param restoreNanos the instance, from {@code start()} to ready
     * @param runningNanos the instance, from {@code start()} to RUNNING (restored; ready comes at the next lag reading)
     */
    record Timing(BulkBuild.Result build, long buildNanos, long restoreNanos, long runningNanos) {
        long totalNanos() {
            return buildNanos + restoreNanos;
        }

        double rate() {
            return build.events() * 1e9 / totalNanos();
        }
    }

    static Timing run(final ProjectionServiceConfig config, final EventHistory history, final long events)
            throws InterruptedException {
        final long start = System.nanoTime();
        final BulkBuild.Result build = BulkBuild.run(config, AvroCodec.shipped());
        final long built = System.nanoTime();
        verifyCounts(build, events);
        try (ProjectionService service = ProjectionService.start(config)) {
            final HttpClient client = ServiceHttp.client();
            final String base = "http://127.0.0.1:" + service.httpPort();
            long running = -1;
            while (ServiceHttp.get(client, base + "/health/ready").statusCode() != 200) {
                final KafkaStreams.State state = service.state();
                if (state == KafkaStreams.State.ERROR) {
                    throw new IllegalStateException("the bulk-built generation failed to start");
                }
                if (running < 0 && state == KafkaStreams.State.RUNNING) {
                    running = System.nanoTime();
                }
                Thread.sleep(READY_POLL_MS);
            }
            final long ready = System.nanoTime();
            ProjectionCatchUpBench.verifyFinalVersions(client, base, history);
            return new Timing(build, built - start, ready - built, (running < 0 ? ready : running) - built);
        }
    }

    private static void verifyCounts(final BulkBuild.Result build, final long events) {
        for (final String view : VIEWS) {
            final long applied = build.applied().getOrDefault(view, 0L);
            if (applied != events) {
                throw new IllegalStateException("bulk build: " + view + " applied " + applied + " of " + events);
            }
        }
        if (!build.skipped().isEmpty()) {
            throw new IllegalStateException("bulk build: skipped " + build.skipped() + " in a clean history");
        }
    }
}
