package dev.kes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegistryCostBenchTest {

    @Test
    void theFramingsAlternateWhichRunsFirst() {
        assertThat(RegistryCostBench.order(1)).containsExactly(RegistryCostBench.SINGLE, RegistryCostBench.REGISTRY);
        assertThat(RegistryCostBench.order(2)).containsExactly(RegistryCostBench.REGISTRY, RegistryCostBench.SINGLE);
        assertThat(RegistryCostBench.order(3)).isEqualTo(RegistryCostBench.order(1));
    }

    @Test
    void registryCostIsABenchmarkWithThreeRoundsByDefault() {
        assertThat(BenchOptions.parse("registry-cost").rounds()).isEqualTo(3);
        assertThat(BenchOptions.parse("registry-cost", "--rounds", "6").rounds())
                .isEqualTo(6);
        assertThat(BenchOptions.parse("all").rounds()).isEqualTo(1);
    }
}
