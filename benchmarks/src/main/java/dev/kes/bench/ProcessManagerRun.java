package dev.kes.bench;

import dev.kes.service.kafka.TopicNames;
import dev.kes.transfer.TransferManager;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The transfer process manager in this JVM, as the local stack runs it ({@link TransferManager#start}): its own
 * application.id and state dir, reading and writing the command service's topics of the benchmark.
 */
final class ProcessManagerRun implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private final TransferManager manager;

    private ProcessManagerRun(final TransferManager manager) {
        this.manager = manager;
    }

    /** Returns once the manager's Streams app is RUNNING: its group join is not part of what is measured. */
    static ProcessManagerRun start(
            final BenchKafka kafka,
            final String name,
            final TopicNames topics,
            final BenchOptions options,
            final long commitIntervalMs)
            throws InterruptedException {
        final ProcessManagerRun run = new ProcessManagerRun(
                TransferManager.start(ServiceConfigs.transferManager(kafka, name, topics, options, commitIntervalMs)));
        final long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (run.manager.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                run.close();
                throw new IllegalStateException("the transfer process manager was not RUNNING within "
                        + READY_TIMEOUT.toSeconds() + " s: " + run.manager.state());
            }
            Thread.sleep(50);
        }
        return run;
    }

    /** Throws once the manager's Streams app has failed: waiting for its credits would only time out. */
    void check() {
        final KafkaStreams.State state = manager.state();
        if (state == KafkaStreams.State.ERROR
                || state == KafkaStreams.State.PENDING_ERROR
                || state == KafkaStreams.State.NOT_RUNNING) {
            throw new IllegalStateException("the transfer process manager stopped: " + state);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
