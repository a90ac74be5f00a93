package dev.kes.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    @Test
    void nearestRankPercentiles() {
        final LatencyRecorder recorder = new LatencyRecorder();
        for (int ms = 100; ms >= 1; ms--) {
            recorder.record(ms * 1_000_000L);
        }
        final LatencyRecorder.Snapshot snapshot = recorder.snapshot();
        assertThat(snapshot.count()).isEqualTo(100);
        assertThat(snapshot.percentileMs(50)).isEqualTo(50.0);
        assertThat(snapshot.percentileMs(99)).isEqualTo(99.0);
        assertThat(snapshot.percentileMs(99.9)).isEqualTo(100.0);
        assertThat(snapshot.percentileMs(100)).isEqualTo(100.0);
        assertThat(snapshot.maxMs()).isEqualTo(100.0);
        assertThat(snapshot.meanMs()).isEqualTo(50.5);
    }

    @Test
    void growsBeyondItsFirstArray() {
        final LatencyRecorder recorder = new LatencyRecorder();
        for (int i = 0; i < 5_000; i++) {
            recorder.record(i);
        }
        assertThat(recorder.count()).isEqualTo(5_000);
        assertThat(recorder.snapshot().maxMs()).isEqualTo(4_999 / 1e6);
    }

    @Test
    void emptyAndInvalid() {
        final LatencyRecorder.Snapshot empty = new LatencyRecorder().snapshot();
        assertThat(empty.percentileMs(99)).isZero();
        assertThat(empty.maxMs()).isZero();
        assertThatThrownBy(() -> empty.percentileMs(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
