package dev.kes.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

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
        final List<CapacityStep> steps = List.of(step(500, 10, Map.of(200, 1L), 0), step(1_000, 20, Map.of(200, 1L), 0),
                step(2_000, 150, Map.of(200, 1L), 0), step(3_000, 20, Map.of(200, 1L), 0));
        assertThat(CapacityStep.highestHeld(steps)).map(CapacityStep::offeredPerSec).contains(1_000);
        assertThat(CapacityStep.highestHeld(List.of(step(500, 200, Map.of(200, 1L), 0)))).isEmpty();
    }

    /** A step whose every latency is {@code latencyMs}. */
    private static CapacityStep step(final int rate, final double latencyMs, final Map<Integer, Long> statuses,
                                     final long failed) {
        final LatencyRecorder latencies = new LatencyRecorder();
        for (int i = 0; i < 100; i++) {
            latencies.record((long) (latencyMs * 1e6));
        }
        final long ok = statuses.getOrDefault(200, 0L);
        final OpenLoopLoad.Outcome outcome = new OpenLoopLoad.Outcome(ok + failed, ok, failed, statuses, rate, 0, 0,
                1, latencies.snapshot());
        return new CapacityStep("deposits", rate, outcome, 1.0, 0.5, 0.0);
    }
}
