package dev.kes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CapacityStepTest {

    @Test
    void aStepHoldsWithP99AtTheLimitAndNoErrors() {
        assertThat(step(1_000, 100, Map.of(200, 1_000L), 0).holds()).isTrue();
        assertThat(step(1_000, 101, Map.of(200, 1_000L), 0).failure()).contains("p99 101.0 ms > 100 ms");
    }

    @Test
    void anOverloadedAnswerIsAnErrorWhateverTheLatency() {
        final CapacityStep overloaded = step(2_000, 5, Map.of(200, 990L, 503, 10L), 0);
        assertThat(overloaded.holds()).isFalse();
        assertThat(overloaded.errors()).isEqualTo(10);
        assertThat(overloaded.failure()).contains("10 errors {503=10}");
        assertThat(step(2_000, 5, Map.of(200, 1_000L), 1).holds()).isFalse();
    }

    @Test
    void theCapacityIsTheLastStepBeforeTheFirstThatDidNotHold() {
        final List<CapacityStep> steps = List.of(
                step(500, 10, Map.of(200, 1L), 0),
                step(1_000, 20, Map.of(200, 1L), 0),
                step(2_000, 150, Map.of(200, 1L), 0),
                step(3_000, 20, Map.of(200, 1L), 0));
        assertThat(CapacityStep.highestHeld(steps))
                .map(CapacityStep::offeredPerSec)
                .contains(1_000);
        assertThat(CapacityStep.highestHeld(List.of(step(500, 200, Map.of(200, 1L), 0))))
                .isEmpty();
    }

    @Test
    void itsResultLineKeepsTheKeysScriptsRead() {
        assertThat(step(1_000, 42, Map.of(200, 1_000L, 503, 2L), 0).result(1).jsonLine())
                .contains(
                        "\"p50Ms\":42.0",
                        "\"p90Ms\":42.0",
                        "\"p99Ms\":42.0",
                        "\"maxMs\":42.0",
                        "\"non2xx\":2",
                        "\"failed\":0",
                        "\"maxInFlight\":1",
                        "\"maxSendLagMs\":0.0")
                .doesNotContain("p999Ms");
        final LatencyRecorder latencies = new LatencyRecorder();
        latencies.record(7_000_000);
        assertThat(new Result("w2r")
                        .latencies("w2r", "write-to-read", latencies.snapshot(), 50, 99.9)
                        .jsonLine())
                .contains("\"w2rP50Ms\":7.0", "\"w2rP999Ms\":7.0", "\"w2rMaxMs\":7.0");
    }

    /** A step whose every latency is {@code latencyMs}. */
    private static CapacityStep step(
            final int rate, final double latencyMs, final Map<Integer, Long> statuses, final long failed) {
        final LatencyRecorder latencies = new LatencyRecorder();
        for (int i = 0; i < 100; i++) {
            latencies.record((long) (latencyMs * 1e6));
        }
        final long ok = statuses.getOrDefault(200, 0L);
        final OpenLoopLoad.Outcome outcome =
                new OpenLoopLoad.Outcome(ok + failed, ok, failed, statuses, rate, 0, 0, 1, latencies.snapshot());
        return new CapacityStep("deposits", rate, outcome, 1.0, 0.5, 0.0);
    }
}
