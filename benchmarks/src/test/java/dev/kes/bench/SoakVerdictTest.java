package dev.kes.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.List;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SoakVerdictTest {
    @Test
    void aFlatRunShowsNoGrowth() {
        final SoakVerdict verdict = SoakVerdict.of(windows(i -> 100 + (i % 2) * 5, i -> 120));
        assertThat(verdict.heapGrowth()).isEqualTo("no");
        assertThat(verdict.latencyGrew()).isFalse();
        assertThat(verdict.heapMiB().first()).isEqualTo(100); // median of 100, 105, 100
    }

    @Test
    void aSteadilyRisingOldGenerationIsGrowth() {
        final SoakVerdict verdict = SoakVerdict.of(windows(i -> 100 + 10 * i, i -> 120));
        assertThat(verdict.heapMiB().slope()).isEqualTo(20.0, offset(1e-9));
        assertThat(verdict.heapGrowth()).isEqualTo("YES");
    }

    @Test
    void anOldGenerationNeverCollectedIsNotCalledFlat() {
        final SoakVerdict verdict = SoakVerdict.of(windows(i -> 47, i -> 120));
        assertThat(verdict.heapGrew()).isFalse();
        assertThat(verdict.heapGrowth()).startsWith("not measured");
    }

    @Test
    void oneSlowWindowIsNotLatencyGrowthButASlowLastThirdIs() {
        assertThat(SoakVerdict.of(windows(i -> 100, i -> i == 8 ? 2000 : 120)).latencyGrew())
                .isFalse();
        assertThat(SoakVerdict.of(windows(i -> 100, i -> i >= 6 ? 400 : 120)).latencyGrew())
                .isTrue();
        // 1.5 times, but only 30 ms more: noise at this scale
        assertThat(SoakVerdict.of(windows(i -> 100, i -> i >= 6 ? 90 : 60)).latencyGrew())
                .isFalse();
    }

    @Test
    void needsThreeWindows() {
        assertThatThrownBy(() -> SoakVerdict.of(windows(2, i -> 1, i -> 1))).hasMessageContaining("at least 3");
    }

    private static List<SoakWindow> windows(final IntToDoubleFunction oldGen, final IntToDoubleFunction p99) {
        return windows(9, oldGen, p99);
    }

    private static List<SoakWindow> windows(
            final int count, final IntToDoubleFunction oldGen, final IntToDoubleFunction p99) {
        return IntStream.range(0, count)
                .mapToObj(i -> new SoakWindow(
                        i,
                        30.0 * (i + 1),
                        350,
                        50,
                        p99.applyAsDouble(i),
                        p99.applyAsDouble(i) * 2,
                        87,
                        20,
                        0,
                        100 + i,
                        oldGen.applyAsDouble(i),
                        0,
                        10))
                .toList();
    }
}
