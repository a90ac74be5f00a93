package dev.kes.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * Runs a Kafka Streams app over pre-loaded input until all its output is committed, and times it the same way for
 * every app: from {@code start()} (includes the group join, task assignment and producer initialisation), and
 * from the first committed output (the steady rate: the first transaction's records are not counted).
 */
final class StreamsRun {
    private StreamsRun() {}

    /**
     * @param inputs          records pre-loaded into the input topic
     * @param outputsPerInput output records each input yields across the watched topics
     */
    record Timing(long inputs, int outputsPerInput, long startNanos, OutputWatcher.Seen seen, CpuTime cpu) {
        double fromStartSeconds() {
            return (seen.lastNanos() - startNanos) / 1e9;
        }

        double fromStartRate() {
            return inputs / fromStartSeconds();
        }

        double firstOutputMs() {
            return (seen.firstNanos() - startNanos) / 1e6;
        }

        double steadySeconds() {
            return (seen.lastNanos() - seen.firstNanos()) / 1e9;
        }

        /** Inputs whose output came after the first poll with output, per second between that poll and the end. */
        double steadyRate() {
            final double afterFirst = inputs - (double) seen.outputsInFirstPoll() / outputsPerInput;
            return afterFirst / steadySeconds();
        }
    }

    /**
     * Starts {@code streams}, waits for the {@code expected} output, and closes it (leaving its group). CPU is read
     * from start() to the last output, for the stream threads of {@code applicationId} and for the whole JVM.
     */
    static Timing run(
            final String applicationId,
            final KafkaStreams streams,
            final OutputWatcher watcher,
            final Map<String, Long> expected,
            final long inputs,
            final int outputsPerInput) {
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        streams.setUncaughtExceptionHandler(e -> {
            failure.compareAndSet(null, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        try {
            final CpuTime cpuBefore = CpuTime.now(CpuTime.streamThreadsOf(applicationId));
            final long start = System.nanoTime();
            streams.start();
            final OutputWatcher.Seen seen = watcher.await(expected, () -> {
                if (failure.get() != null) {
                    throw new IllegalStateException("the Streams app failed: " + failure.get(), failure.get());
                }
            });
            // before close(): the stream threads' CPU can only be read while they live
            final CpuTime cpu =
                    CpuTime.now(CpuTime.streamThreadsOf(applicationId)).minus(cpuBefore);
            return new Timing(inputs, outputsPerInput, start, seen, cpu);
        } finally {
            close(streams);
        }
    }

    static void close(final KafkaStreams streams) {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(60)));
    }

    /** The timing rows every Streams benchmark reports, in the same words. */
    static void addTo(final Result result, final Timing timing, final String unit) {
        result.add(
                        "steadyPerSec",
                        unit + "/s from the first committed output",
                        Math.round(timing.steadyRate()) * 1.0,
                        unit + "/s")
                .add("fromStartPerSec", unit + "/s from start()", Math.round(timing.fromStartRate()) * 1.0, unit + "/s")
                .add(
                        "firstOutputMs",
                        "first committed output after start()",
                        Result.round1(timing.firstOutputMs()),
                        "ms")
                .add("fromStartSeconds", "start() to last output", Result.round1(timing.fromStartSeconds()), "s")
                // less noisy than the rates for A/B runs: CPU does not count the time a thread waited for a core
                .add(
                        "streamThreadMicrosPerInput",
                        "stream thread CPU per input (start() to last output)",
                        Result.round1(timing.cpu().threadsNanos() / 1e3 / timing.inputs()),
                        "us")
                .add(
                        "jvmMicrosPerInput",
                        "JVM CPU per input, broker included",
                        Result.round1(timing.cpu().processNanos() / 1e3 / timing.inputs()),
                        "us")
                .add(
                        "streamThreadCores",
                        "stream thread CPU",
                        Result.round1(timing.cpu().threadCores()),
                        "cores")
                .add(
                        "jvmCores",
                        "JVM CPU, broker included",
                        Result.round1(timing.cpu().processCores()),
                        "cores");
    }
}
